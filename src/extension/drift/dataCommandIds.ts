/** Command ids of the data panels (contributed in package.json, except the hidden ones). */
export const DataCommands = {
  profileData: 'mlops.profileData',
  checkDrift: 'mlops.checkDrift',
  selectDriftReference: 'mlops.selectForDriftReference',
  checkDriftAgainstReference: 'mlops.checkDriftAgainstReference',
  showDriftHistory: 'mlops.showDriftOverTime',
  /** Hidden: what the data panels rendered and were sent (for integration tests). */
  inspect: 'mlops.data.inspect',
  /** Hidden: the alert sink behind `reportDrift` (see reportDrift.ts). */
  reportDrift: 'mlops.drift.report',
  /** Hidden: clears every drift alert (the status bar item's menu). */
  openDriftAlert: 'mlops.drift.openAlert',
} as const;
