-- CreateEnum
CREATE TYPE "EmergingClusterStatus" AS ENUM ('OPEN', 'PROMOTED', 'DISMISSED');

-- CreateTable
CREATE TABLE "EmergingCluster" (
    "id" TEXT NOT NULL,
    "representativeText" TEXT NOT NULL,
    "representativeMessageId" TEXT,
    "status" "EmergingClusterStatus" NOT NULL DEFAULT 'OPEN',
    "claimId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmergingCluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmergingClusterMember" (
    "seq" BIGSERIAL NOT NULL,
    "messageId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmergingClusterMember_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "EmergingCluster_status_updatedAt_idx" ON "EmergingCluster"("status", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmergingClusterMember_messageId_key" ON "EmergingClusterMember"("messageId");

-- CreateIndex
CREATE INDEX "EmergingClusterMember_clusterId_idx" ON "EmergingClusterMember"("clusterId");

-- AddForeignKey
ALTER TABLE "EmergingCluster" ADD CONSTRAINT "EmergingCluster_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "Claim"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmergingClusterMember" ADD CONSTRAINT "EmergingClusterMember_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmergingClusterMember" ADD CONSTRAINT "EmergingClusterMember_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "EmergingCluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
