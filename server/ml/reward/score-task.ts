// Worker thread: normalised scores of (prompt, response) items under a saved reward model.
import { defineWorkerTask } from '../../jobs/worker-task';
import { initBackend } from '../backend';
import type { Message } from '../model/chat-template';
import { loadRewardModel } from './checkpoint';
import { type Scores, scoreTexts } from './score';

export interface ScoreTaskInput {
  checkpointDir: string;
  items: { prompt: string | Message[]; response: string }[];
}

defineWorkerTask<ScoreTaskInput, Scores>(async ({ checkpointDir, items }) => {
  await initBackend();
  const { rm } = await loadRewardModel(checkpointDir);
  try {
    return scoreTexts(rm, items.map((i) => i.prompt), items.map((i) => i.response));
  } finally {
    rm.dispose();
  }
});
