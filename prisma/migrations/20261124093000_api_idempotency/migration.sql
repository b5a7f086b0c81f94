-- CreateTable
CREATE TABLE "ApiIdempotentRequest" (
    "id" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ApiIdempotentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiIdempotentRequest_createdAt_idx" ON "ApiIdempotentRequest"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotentRequest_apiKeyId_key_key" ON "ApiIdempotentRequest"("apiKeyId", "key");

-- AddForeignKey
ALTER TABLE "ApiIdempotentRequest" ADD CONSTRAINT "ApiIdempotentRequest_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

