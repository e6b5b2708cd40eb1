-- CreateTable
CREATE TABLE "TrainingExample" (
    "id" TEXT NOT NULL,
    "messageId" TEXT,
    "text" TEXT NOT NULL,
    "label" "CaseCategory" NOT NULL,
    "secondary" "CaseCategory",
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrainingExample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassifierModel" (
    "version" TEXT NOT NULL,
    "artefact" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassifierModel_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrainingExample_messageId_key" ON "TrainingExample"("messageId");

-- CreateIndex
CREATE INDEX "ClassifierModel_active_createdAt_idx" ON "ClassifierModel"("active", "createdAt");
