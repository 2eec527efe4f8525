/**
 * Every command the extension registers, in one place. Each id in `Commands` is contributed in package.json
 * (hidden ones with `"when": "false"` in the palette); `TestHooks` are registered only when the extension runs in
 * `ExtensionMode.Test` and are never contributed. test/unit/commands/commandIds.test.ts checks both directions.
 */
export const Commands = {
  // runs and experiments
  runExperiment: 'mlops.runExperiment',
  runScript: 'mlops.runScript',
  stopRun: 'mlops.stopRun',
  openRunLog: 'mlops.openRunLog',
  openRunFolder: 'mlops.openRunFolder',
  copyRunId: 'mlops.copyRunId',
  deleteRun: 'mlops.deleteRun',
  // workspace
  refresh: 'mlops.refresh',
  createSample: 'mlops.createSample',
  rebuildIndex: 'mlops.rebuildIndex',
  showOutput: 'mlops.showOutput',
  importRuns: 'mlops.importRuns',
  openSpec: 'mlops.openSpec',
  // queue
  queueCancel: 'mlops.queue.cancel',
  queueRunNow: 'mlops.queue.runNow',
  queueMoveUp: 'mlops.queue.moveUp',
  queueMoveDown: 'mlops.queue.moveDown',
  queueSetConcurrency: 'mlops.queue.setConcurrency',
  // panels
  openRunsTable: 'mlops.openRunsTable',
  compareRuns: 'mlops.compareRuns',
  openRun: 'mlops.openRun',
  openEvaluation: 'mlops.openEvaluation',
  // sweeps
  sweepExperiment: 'mlops.sweepExperiment',
  openSweep: 'mlops.openSweep',
  stopSweep: 'mlops.stopSweep',
  // every panel's editor title
  refreshPanel: 'mlops.panel.refresh',
  openPanelToSide: 'mlops.panel.openToSide',
  exportPanel: 'mlops.panel.export',
  // lineage
  openLineage: 'mlops.openLineage',
  diffRuns: 'mlops.diffRuns',
  reproduceRun: 'mlops.reproduceRun',
  refreshDatasets: 'mlops.refreshDatasets',
  // registry
  refreshModels: 'mlops.refreshModels',
  registerModel: 'mlops.registerModel',
  promoteModel: 'mlops.promoteModel',
  archiveModelVersion: 'mlops.archiveModelVersion',
  checkGates: 'mlops.checkGates',
  compareWithProduction: 'mlops.compareWithProduction',
  openModelLineage: 'mlops.openModelLineage',
  openModelCard: 'mlops.openModelCard',
  exportModelCard: 'mlops.exportModelCard',
  // data and drift
  profileData: 'mlops.profileData',
  checkDrift: 'mlops.checkDrift',
  selectDriftReference: 'mlops.selectForDriftReference',
  checkDriftAgainstReference: 'mlops.checkDriftAgainstReference',
  showDriftHistory: 'mlops.showDriftOverTime',
  /** Hidden: the alert sink behind `reportDrift` (see drift/reportDrift.ts). */
  reportDrift: 'mlops.drift.report',
  /** Hidden: opens the latest drift alert (the status bar item). */
  openDriftAlert: 'mlops.drift.openAlert',
  // serving and monitors
  serveModel: 'mlops.serveModel',
  stopDeployment: 'mlops.stopDeployment',
  restartDeployment: 'mlops.restartDeployment',
  copyDeploymentUrl: 'mlops.copyDeploymentUrl',
  runMonitor: 'mlops.runMonitor',
  promoteChallenger: 'mlops.promoteChallenger',
  refreshMonitors: 'mlops.refreshMonitors',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Registered only in `ExtensionMode.Test` (integration tests and benchmarks): state that tests observe. */
export const TestHooks = {
  /** What open panels rendered and what they were sent. */
  panelsInspect: 'mlops.panels.inspect',
  /** Deliver a message to a panel's host side as if its webview sent it. */
  panelsSimulate: 'mlops.panels.simulate',
  /** What the data panels rendered and were sent, and the drift alerts. */
  dataInspect: 'mlops.data.inspect',
  /** The rendered Models tree and the gate problems. */
  modelsInspect: 'mlops.models.inspect',
  /** The lineage panel's record. */
  lineageInspect: 'mlops.lineage.inspect',
  /** The rendered Monitors tree and its badge. */
  monitorsInspect: 'mlops.monitors.inspect',
  /** The Runs view's badge. */
  runsInspect: 'mlops.runs.inspect',
  /** The last error a command reported (what the user saw in a notification). */
  lastCommandError: 'mlops.commands.lastError',
} as const;

export type TestHookId = (typeof TestHooks)[keyof typeof TestHooks];
