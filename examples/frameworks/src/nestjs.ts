import { Controller, Get, Module } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { type AuthInfo, globalApi, organizationApi, organizationPermissions } from 'logto-guard';
import { Auth, LogtoAuthGuard, LogtoGuardModule, Public, RequireAuth } from 'logto-guard/nestjs';

@Controller()
class ApiController {
  @Get()
  @Public() // skips the global guard
  hello() {
    return { message: 'Hello' };
  }

  @Get('api/products')
  @RequireAuth(globalApi({ scopes: ['read:products'] }))
  products(@Auth() auth: AuthInfo) {
    return { auth };
  }

  @Get('api/organizations/:organizationId/members')
  @RequireAuth(organizationPermissions({ scopes: ['read:members'] }))
  members(@Auth() auth: AuthInfo) {
    return { auth };
  }

  @Get('api/organizations/:organizationId/projects')
  @RequireAuth(organizationApi({ scopes: ['read:projects'] }))
  projects(@Auth() auth: AuthInfo) {
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
  providers: [{ provide: APP_GUARD, useClass: LogtoAuthGuard }], // or @UseGuards(LogtoAuthGuard) per controller
})
class AppModule {}

const app = await NestFactory.create(AppModule);
await app.listen(3000);
