# 列出 kubeconfig 里的集群上下文，星号是当前的
kubectl config get-contexts
