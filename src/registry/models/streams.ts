/** The named random streams a learner may draw from (a leaf: spec/streams.ts derives their seeds). */
export const RANDOM_STREAMS = ['init', 'dataOrder', 'dropout', 'augmentation', 'sampling'] as const;
export type RandomStream = (typeof RANDOM_STREAMS)[number];
