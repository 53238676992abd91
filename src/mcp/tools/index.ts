import { clusterSummaryTool } from './k8s-cluster-summary.tool.js';
import { describePodTool } from './k8s-describe-pod.tool.js';
import { getDeploymentsTool } from './k8s-get-deployments.tool.js';
import { getEventsTool } from './k8s-get-events.tool.js';
import { getLogsTool } from './k8s-get-logs.tool.js';
import { getNodesTool } from './k8s-get-nodes.tool.js';
import { getPodsTool } from './k8s-get-pods.tool.js';
import { getResourceTool } from './k8s-get-resource.tool.js';
import { getServicesTool } from './k8s-get-services.tool.js';
import { listContextsTool } from './k8s-list-contexts.tool.js';
import { listResourcesTool } from './k8s-list-resources.tool.js';
import { relationQueryTool } from './k8s-relation-query.tool.js';
import { scaleDeploymentTool } from './k8s-scale-deployment.tool.js';
import type { ToolDefinition } from './tool-definition.js';
import { whatChangedTool } from './k8s-what-changed.tool.js';

/** Every tool the server offers, in tools/list order. A duplicate name fails start-up. */
export const ALL_TOOLS: readonly ToolDefinition[] = [
  getPodsTool,
  getServicesTool,
  getDeploymentsTool,
  getNodesTool,
  scaleDeploymentTool,
  getLogsTool,
  describePodTool,
  getEventsTool,
  listResourcesTool,
  getResourceTool,
  relationQueryTool,
  clusterSummaryTool,
  whatChangedTool,
  listContextsTool,
];
