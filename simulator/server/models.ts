/** The models of one station. */
import type { LabConfig } from '../session/config.ts';
import type { ModelFactory } from '../session/lab.ts';
import { ToyHeater } from './placeholder-cell.ts';

export function cellFactory(_config: LabConfig): ModelFactory {
  return () => [new ToyHeater('heater')];
}
