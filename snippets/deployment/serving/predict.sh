# 用 curl 调用 /predict：带上 JWT 和请求 ID，把 request.json 作为请求体，最后一行是 HTTP 状态码
curl -sS -X POST "$PDM_URL/predict" -H "Authorization: Bearer $PDM_TOKEN" -H "Content-Type: application/json" -H "X-Request-ID: demo-0001" --data @request.json -w '\nHTTP %{http_code}\n'
