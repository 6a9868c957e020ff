# 把宿主机的全部 GPU 交给容器，确认容器里看得到 GPU
docker run --rm --gpus all pdm-gpu:VERSION
