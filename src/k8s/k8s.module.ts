import { Global, Module } from '@nestjs/common';
import { K8sService } from './k8s.service.js';
import { KubeApi } from './kube-api.service.js';
import { ResourceCatalogue } from './resource-catalogue.js';

/** Kubernetes access: kubeconfig, API clients, the resource-kind catalogue, error classification. */
@Global()
@Module({
  providers: [K8sService, KubeApi, ResourceCatalogue],
  exports: [K8sService, KubeApi, ResourceCatalogue],
})
export class K8sModule {}
