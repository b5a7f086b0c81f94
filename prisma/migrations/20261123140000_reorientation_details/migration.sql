-- AlterTable
ALTER TABLE "Visit" ADD COLUMN     "reorientationDetails" TEXT;
