# 查看服务导出的计数器（不含直方图的桶）
curl -sS "$PDM_URL/metrics" | grep -E '^pdm_(http_requests|prediction_errors|auth_failures|predictions)_total'
