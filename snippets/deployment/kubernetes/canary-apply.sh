# 发布金丝雀：新版本一个副本，和稳定版共用 Service
kubectl apply -f canary.yaml
