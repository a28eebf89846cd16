import { Module } from '@nestjs/common';
import { AuthUserSource } from '../core/auth/auth-user-source';
import { UserAuthSource } from './user-auth-source';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, { provide: AuthUserSource, useClass: UserAuthSource }],
  exports: [UsersService, AuthUserSource],
})
export class UsersModule {}
