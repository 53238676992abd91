import { Global, Module } from '@nestjs/common';
import { K8sService } from './k8s.service.js';
import { KubeApi } from './kube-api.service.js';

/** Kubernetes access: kubeconfig, API clients, error classification. */
@Global()
@Module({ providers: [K8sService, KubeApi], exports: [K8sService, KubeApi] })
export class K8sModule {}
