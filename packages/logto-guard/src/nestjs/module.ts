/**
 * The NestJS module: provides one core `Guard` to the whole application.
 *
 * @module
 */
import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { checkGuard, checkObject, fail } from '../core/adapter-kit.js';
import { createGuard, type Guard, type GuardOptions } from '../core/index.js';

/**
 * Injection token of the core `Guard` that {@link LogtoGuardModule} provides.
 *
 * @example
 * ```ts
 * constructor(@Inject(LOGTO_GUARD) private readonly guard: Guard) {}
 * ```
 */
export const LOGTO_GUARD: unique symbol = Symbol('LOGTO_GUARD');

/** What {@link LogtoGuardModule.forRoot} takes: the options of `createGuard`, or a guard created already. */
export type LogtoGuardModuleOptions = GuardOptions | { guard: Guard };

/** What {@link LogtoGuardModule.forRootAsync} takes: a factory of {@link LogtoGuardModuleOptions}. */
export interface LogtoGuardModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => LogtoGuardModuleOptions | Promise<LogtoGuardModuleOptions>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

function toGuard(options: LogtoGuardModuleOptions): Guard {
  checkObject('', options);
  return 'guard' in options ? checkGuard(options.guard) : createGuard(options);
}

const provided = (rest: Omit<DynamicModule, 'module'>): DynamicModule => ({
  module: LogtoGuardModule,
  global: true,
  exports: [LOGTO_GUARD],
  ...rest,
});

/**
 * Provides the core `Guard` under {@link LOGTO_GUARD} to every module (it is global), for `LogtoAuthGuard`
 * and for your own services. Import it once, in the root module.
 *
 * Does NOT register `LogtoAuthGuard` by itself: use `@UseGuards(LogtoAuthGuard)` or an `APP_GUARD` provider.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [LogtoGuardModule.forRoot({ endpoint: 'https://my-tenant.logto.app', audience: 'https://api.example.com' })],
 *   providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest module is a class with static factories.
export class LogtoGuardModule {
  /** Creates the guard now: a wrong option throws `LogtoGuardConfigError` at start-up. */
  static forRoot(options: LogtoGuardModuleOptions): DynamicModule {
    return provided({ providers: [{ provide: LOGTO_GUARD, useValue: toGuard(options) }] });
  }

  /**
   * Creates the guard from a factory, e.g. to read the options from `ConfigService`:
   * `forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ ... }) })`.
   */
  static forRootAsync(options: LogtoGuardModuleAsyncOptions): DynamicModule {
    const { useFactory, inject = [], imports = [] } = options;
    if (typeof useFactory !== 'function') {
      fail('useFactory', 'must be a function returning guard options or { guard }');
    }
    const factory = async (...args: never[]) => toGuard(await useFactory(...args));
    return provided({ imports, providers: [{ provide: LOGTO_GUARD, useFactory: factory, inject }] });
  }
}
