import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type AuthInfo, type Guard, globalApi } from 'logto-guard';
import {
  Auth,
  LOGTO_GUARD,
  LogtoAuthGuard,
  LogtoGuardModule,
  Public,
  RequireAuth,
  withLogtoSecurity,
} from 'logto-guard/nestjs';

@Controller()
class ApiController {
  @Get('health')
  @Public() // no security, no 401/403 in the document
  health() {
    return { ok: true };
  }

  // No annotation: security [{ logto: ['read:products'] }, { bearerAuth: ['read:products'] }], 200, 401, 403.
  @Get('api/products')
  @RequireAuth(globalApi({ scopes: ['read:products'] }))
  products(@Auth() auth: AuthInfo) {
    return { auth };
  }
}

@Module({
  imports: [
    LogtoGuardModule.forRoot({
      endpoint: 'https://your-tenant.logto.app',
      audience: 'https://api.example.com',
    }),
  ],
  controllers: [ApiController],
  providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }],
})
class AppModule {}

const app = await NestFactory.create(AppModule);
const config = new DocumentBuilder().setTitle('Shop API').setVersion('1.0.0').build();
// Adds the security schemes (Logto's OAuth 2.0 flows with the scopes of the operations, a bearer JWT),
// the error body schema and the 401/403 responses the operations refer to.
const document = withLogtoSecurity(SwaggerModule.createDocument(app, config), app.get<Guard>(LOGTO_GUARD), {
  flows: ['clientCredentials', 'authorizationCode'],
});
SwaggerModule.setup('docs', app, document);
await app.listen(3000);
