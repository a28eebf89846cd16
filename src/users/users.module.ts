import { Module } from '@nestjs/common';
import { AuthUserSource } from '../core/auth/auth-user-source';
import { TeamsModule } from '../teams/teams.module';
import { LoginAttempts } from './login-attempts';
import { UserAuthSource } from './user-auth-source';
import { PeopleController } from './people.controller';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TeamsModule],
  controllers: [UsersController, PeopleController],
  providers: [UsersService, UsersRepository, LoginAttempts, UserAuthSource, { provide: AuthUserSource, useExisting: UserAuthSource }],
  exports: [UsersService, UsersRepository, LoginAttempts, AuthUserSource, UserAuthSource],
})
export class UsersModule {}
