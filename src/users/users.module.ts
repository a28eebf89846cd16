import { Module } from '@nestjs/common';
import { AuthUserSource } from '../core/auth/auth-user-source';
import { TeamsModule } from '../teams/teams.module';
import { UserAuthSource } from './user-auth-source';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TeamsModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UserAuthSource, { provide: AuthUserSource, useExisting: UserAuthSource }],
  exports: [UsersService, UsersRepository, AuthUserSource],
})
export class UsersModule {}
