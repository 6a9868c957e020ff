# 发布金丝雀：把清单里的镜像占位符换成 IMAGE_REF（带摘要的镜像引用）再应用
sed 's|image: REGISTRY/pdm-api:VERSION|image: IMAGE_REF|' canary.yaml | kubectl apply -f -
