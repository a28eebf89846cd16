import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../core/http/id.pipe';
import { type AuthUser, CurrentUser, Roles } from '../core/auth/auth-user';
import { CreateUserDto, UpdateUserDto, UserQuery } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Roles('admin', 'manager')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: UserQuery) {
    return this.users.list(user, q);
  }

  @Roles('admin')
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.users.get(id);
  }

  @Roles('admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(user, dto);
  }

  @Roles('admin')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(user, id, dto);
  }
}
