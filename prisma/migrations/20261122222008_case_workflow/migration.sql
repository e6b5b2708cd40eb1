-- CreateEnum
CREATE TYPE "ReplyKind" AS ENUM ('REPLY', 'VERDICT');

-- AlterEnum
BEGIN;
CREATE TYPE "CaseStatus_new" AS ENUM ('NEW', 'TRIAGED', 'IN_PROGRESS', 'WAITING_ON_CITIZEN', 'AWAITING_VALIDATION', 'REJECTED', 'APPROVED', 'ANSWERED', 'FORWARDED', 'CLOSED', 'FLAGGED', 'VERIFYING', 'VERDICT', 'CLARIFIED');
ALTER TABLE "Case" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Case" ALTER COLUMN "status" TYPE "CaseStatus_new" USING ("status"::text::"CaseStatus_new");
ALTER TYPE "CaseStatus" RENAME TO "CaseStatus_old";
ALTER TYPE "CaseStatus_new" RENAME TO "CaseStatus";
DROP TYPE "CaseStatus_old";
ALTER TABLE "Case" ALTER COLUMN "status" SET DEFAULT 'NEW';
COMMIT;

-- DropIndex
DROP INDEX "Case_registerNumber_key";

-- AlterTable
ALTER TABLE "Case" DROP COLUMN "registerNumber",
ADD COLUMN     "forwardNote" TEXT,
ADD COLUMN     "forwardedFromId" TEXT;

-- AlterTable
ALTER TABLE "Reply" ADD COLUMN     "claimTitle" TEXT,
ADD COLUMN     "kind" "ReplyKind" NOT NULL DEFAULT 'REPLY',
ADD COLUMN     "verdict" "ClaimVerdict",
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ReplyTemplate" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplyTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InformationRequest" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "registerNumber" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "extendedAt" TIMESTAMP(3),
    "extensionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InformationRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisterCounter" (
    "agencyId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RegisterCounter_pkey" PRIMARY KEY ("agencyId","year")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReplyTemplate_agencyId_key_key" ON "ReplyTemplate"("agencyId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "InformationRequest_caseId_key" ON "InformationRequest"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "InformationRequest_registerNumber_key" ON "InformationRequest"("registerNumber");

-- CreateIndex
CREATE UNIQUE INDEX "InformationRequest_agencyId_year_seq_key" ON "InformationRequest"("agencyId", "year", "seq");

-- AddForeignKey
ALTER TABLE "InformationRequest" ADD CONSTRAINT "InformationRequest_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "InformationRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
