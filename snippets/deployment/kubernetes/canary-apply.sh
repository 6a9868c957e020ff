# 发布金丝雀：在本地把清单的镜像换成 IMAGE_REF（带摘要的镜像引用），再交给集群
kubectl set image --local -f canary.yaml api=IMAGE_REF -o yaml | kubectl apply -f -
