export { generateInstructions } from './generate';
export type { AcceptedInstruction, GenerateInstructionsOptions, GenerateInstructionsResult, InstructionGenerator } from './generate';
export { openAIInstructionGenerator } from './openai-generator';
export { BLOCKED_KEYWORDS, encodePrompt, filterReason, parseNumberedList } from './prompt';
export type { RejectReason } from './prompt';
export { lcsLength, rougeL, tokenize } from './rouge';
export type { RougeScore } from './rouge';
export { loadSeedTasks } from './seed-tasks';
export type { SeedTask } from './seed-tasks';
