import { getStrategy, strategyNames } from '../../src/strategy/index.js';
import { strategyConformance } from './strategy.suite.js';

// Every registered strategy, built-in or added later, is held to the same contract.
for (const name of strategyNames()) strategyConformance(getStrategy(name));
