# graphsvc's API image (docker-compose.yml runs it against Neo4j 5).
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphsvc ./graphsvc
COPY loaders ./loaders
COPY cypher ./cypher
RUN pip install --no-cache-dir . && useradd --create-home graphsvc
USER graphsvc
WORKDIR /home/graphsvc
ENV GRAPHSVC_DATA_DIR=/home/graphsvc/data
EXPOSE 8000
CMD ["graphsvc", "serve"]
