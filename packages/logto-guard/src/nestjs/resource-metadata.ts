/**
 * NestJS: serves the RFC 9728 protected-resource metadata of the application's guard.
 *
 * @module
 */
import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { createMetadataEndpoint, type MetadataEndpoint, notePolicy } from '../core/adapter-kit.js';
import type { Guard, ResourceMetadataOptions } from '../core/index.js';
import { LOGTO_GUARD } from './module.js';
import { isPublicRoute, routePolicy } from './route-policy.js';

const OPTIONS: unique symbol = Symbol('LOGTO_RESOURCE_METADATA_OPTIONS');

/** What the middleware needs of the platform's request and response: Node's, on Express and Fastify. */
interface NodeRequest {
  method?: string;
  url?: string;
  originalUrl?: string;
}
interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * Serves `GET /.well-known/oauth-protected-resource` (and the path-suffixed location of RFC 9728 §3.1
 * when the resource indicator has a path) with the metadata of the guard of `LogtoGuardModule`, readable
 * from any origin; `scopes_supported` lists the scopes of every `@RequireAuth`/`@RequireScopes` route
 * that is not `@Public()`. Works on platform-express and platform-fastify (it is a Nest middleware).
 *
 * Does NOT add `resource_metadata` to challenges: set the guard option `resourceMetadata` for that.
 *
 * @example
 * ```ts
 * @Module({ imports: [LogtoGuardModule.forRoot(options), ResourceMetadataModule.forRoot({ resourceName: 'Shop API' })] })
 * class AppModule {}
 * ```
 */
@Module({})
export class ResourceMetadataModule implements NestModule, OnModuleInit {
  /** Options are checked when the application starts: a wrong one throws `LogtoGuardConfigError`. */
  static forRoot(options: ResourceMetadataOptions = {}): DynamicModule {
    return {
      module: ResourceMetadataModule,
      imports: [DiscoveryModule],
      providers: [{ provide: OPTIONS, useValue: options }],
    };
  }

  private readonly endpoint: MetadataEndpoint;

  constructor(
    @Inject(LOGTO_GUARD) private readonly guard: Guard,
    @Inject(OPTIONS) options: ResourceMetadataOptions,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    this.endpoint = createMetadataEndpoint(guard, options);
  }

  /** Notes the policy of every protected route, for `scopes_supported`. */
  onModuleInit(): void {
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (instance == null || typeof metatype !== 'function') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, Function>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as Function;
        if (isPublicRoute(this.reflector, handler, metatype)) continue;
        notePolicy(this.guard, routePolicy(this.reflector, handler, metatype));
      }
    }
  }

  configure(consumer: MiddlewareConsumer): void {
    const endpoint = this.endpoint;
    consumer
      .apply(function logtoGuardResourceMetadata(req: NodeRequest, res: NodeResponse, next: () => void) {
        const path = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost').pathname;
        const answer = endpoint.answer(req.method ?? 'GET', path);
        if (answer === undefined) return next();
        res.statusCode = answer.status;
        for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
        if (answer.body === undefined) return res.end();
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(answer.body));
      })
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
