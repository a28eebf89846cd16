/** The part of multer (a dependency of @nestjs/platform-express, without its own types here) that the upload uses. */
declare module 'multer' {
  import type { Request, Response } from 'express';
  interface Options {
    dest?: string;
    defParamCharset?: string;
    limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number };
  }
  interface Multer {
    single(field: string): (req: Request, res: Response, next: (err?: unknown) => void) => void;
  }
  function multer(options?: Options): Multer;
  export default multer;
}
