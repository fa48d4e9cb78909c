export { c2st, type C2stOptions, type C2stResult } from './c2st.js';
export { trainMlp, initMlp, batchLossAndGradient, countCorrect, type MlpOptions, type TrainedMlp } from './mlp.js';
