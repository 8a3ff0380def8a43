/** Runs once before all test files: fail fast under CI when a required tool is missing. */
import { redisTestMode } from './redis-server.ts';

export default function setup(): void {
  redisTestMode();
}
