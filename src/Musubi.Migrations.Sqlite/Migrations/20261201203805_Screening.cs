using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Screening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DuplicateCandidates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FirstOrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecondOrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SecondName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: false),
                    SharedIdentifiers = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FoundAt = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicateCandidates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OrganizationScreenings",
                columns: table => new
                {
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ListVersionIds = table.Column<string>(type: "TEXT", nullable: false),
                    Hits = table.Column<string>(type: "TEXT", nullable: false),
                    ScreenedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationScreenings", x => x.OrganizationId);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningAlerts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ListVersionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousVersionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    MatchedName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RaisedAt = table.Column<string>(type: "TEXT", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AcknowledgedAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningListVersions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityCount = table.Column<int>(type: "INTEGER", nullable: false),
                    NameCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SupersededAt = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningListVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningRecords",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QueryName = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    QueryCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    QueryIdentifiers = table.Column<string>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    QueryId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ListVersionIds = table.Column<string>(type: "TEXT", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BestEntityId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    BestListVersionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BestScore = table.Column<double>(type: "REAL", nullable: true),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    Thresholds = table.Column<string>(type: "TEXT", nullable: false),
                    ScreenedAt = table.Column<string>(type: "TEXT", nullable: false),
                    ScreenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReviewStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReviewDecision = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<string>(type: "TEXT", nullable: true),
                    ReviewNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningListEntries",
                columns: table => new
                {
                    VersionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Schema = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Names = table.Column<string>(type: "TEXT", nullable: false),
                    Countries = table.Column<string>(type: "TEXT", nullable: false),
                    Identifiers = table.Column<string>(type: "TEXT", nullable: false),
                    Programs = table.Column<string>(type: "TEXT", nullable: false),
                    Caption = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningListEntries", x => new { x.VersionId, x.EntityId });
                    table.ForeignKey(
                        name: "FK_ScreeningListEntries_ScreeningListVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ScreeningListVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningCertificates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<string>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningCertificates_ScreeningRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "ScreeningRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateCandidates_FirstOrganizationId_SecondOrganizationId",
                table: "DuplicateCandidates",
                columns: new[] { "FirstOrganizationId", "SecondOrganizationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuplicateCandidates_Status",
                table: "DuplicateCandidates",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningAlerts_OrganizationId",
                table: "ScreeningAlerts",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningAlerts_RaisedAt",
                table: "ScreeningAlerts",
                column: "RaisedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningCertificates_RecordId",
                table: "ScreeningCertificates",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningListVersions_ActiveSource",
                table: "ScreeningListVersions",
                column: "Source",
                unique: true,
                filter: "\"Status\" = 'active'");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningListVersions_ImportedAt",
                table: "ScreeningListVersions",
                column: "ImportedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningListVersions_Source_Status",
                table: "ScreeningListVersions",
                columns: new[] { "Source", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningRecords_OrganizationId",
                table: "ScreeningRecords",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningRecords_ReviewStatus",
                table: "ScreeningRecords",
                column: "ReviewStatus");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningRecords_ScreenedAt",
                table: "ScreeningRecords",
                column: "ScreenedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DuplicateCandidates");

            migrationBuilder.DropTable(
                name: "OrganizationScreenings");

            migrationBuilder.DropTable(
                name: "ScreeningAlerts");

            migrationBuilder.DropTable(
                name: "ScreeningCertificates");

            migrationBuilder.DropTable(
                name: "ScreeningListEntries");

            migrationBuilder.DropTable(
                name: "ScreeningRecords");

            migrationBuilder.DropTable(
                name: "ScreeningListVersions");
        }
    }
}
