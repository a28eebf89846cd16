import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_HANDLER, JOB_NAMES, type JobHandler, type JobName } from './jobs';

/**
 * Finds the @HandlesJob providers and refuses to boot when a job has no
 * handler or two: a silent queue is the failure we do not want.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<JobName, JobHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const name = Reflect.getMetadata(JOB_HANDLER, metatype) as JobName | undefined;
      if (!name) continue;
      found.set(name, [...(found.get(name) ?? []), metatype.name]);
      this.handlers.set(name, instance as JobHandler);
    }
    const problems: string[] = [];
    for (const name of JOB_NAMES) {
      const owners = found.get(name) ?? [];
      if (owners.length === 0) problems.push(`job "${name}" has no handler`);
      if (owners.length > 1) problems.push(`job "${name}" has ${owners.length} handlers: ${owners.join(', ')}`);
    }
    if (problems.length) throw new Error(`job registry: ${problems.join('; ')}`);
  }

  get(name: JobName): JobHandler {
    const h = this.handlers.get(name);
    if (!h) throw new Error(`job "${name}" has no handler`);
    return h;
  }
}
