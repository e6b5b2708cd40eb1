-- CreateIndex
CREATE INDEX "Message_contactId_idx" ON "Message"("contactId");

-- CreateIndex
CREATE INDEX "Case_agencyId_openedAt_id_idx" ON "Case"("agencyId", "openedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Case_agencyId_category_openedAt_idx" ON "Case"("agencyId", "category", "openedAt" DESC);

-- CreateIndex
CREATE INDEX "Case_assigneeId_openedAt_idx" ON "Case"("assigneeId", "openedAt" DESC);
