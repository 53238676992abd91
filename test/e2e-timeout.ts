// testTimeout is a global jest option, not a per-project one: set the e2e budget here instead.
import { jest } from '@jest/globals';

jest.setTimeout(120_000);
