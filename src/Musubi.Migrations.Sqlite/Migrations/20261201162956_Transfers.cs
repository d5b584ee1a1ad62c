using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Transfers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RuleSetVersions",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    SourcesJson = table.Column<string>(type: "TEXT", nullable: false),
                    RuleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleSetVersions", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "TransferChecks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ItemName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Program = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RuleSetHash = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    InputJson = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false),
                    MarkingCategories = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "INTEGER", nullable: false),
                    MarkingDisplayOnly = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MarkingFedOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    MarkingNeedToKnow = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    MarkingNoForn = table.Column<bool>(type: "INTEGER", nullable: false),
                    MarkingRelTo = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    Sources = table.Column<string>(type: "TEXT", nullable: false),
                    Illustrative = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TransferChecks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TransferChecks_RuleSetVersions_RuleSetHash",
                        column: x => x.RuleSetHash,
                        principalTable: "RuleSetVersions",
                        principalColumn: "Hash",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TransferChecks_CreatedAt",
                table: "TransferChecks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TransferChecks_Program",
                table: "TransferChecks",
                column: "Program");

            migrationBuilder.CreateIndex(
                name: "IX_TransferChecks_RuleSetHash",
                table: "TransferChecks",
                column: "RuleSetHash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TransferChecks");

            migrationBuilder.DropTable(
                name: "RuleSetVersions");
        }
    }
}
