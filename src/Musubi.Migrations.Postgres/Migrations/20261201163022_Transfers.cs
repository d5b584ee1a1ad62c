using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Postgres.Migrations
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
                    Hash = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    SourcesJson = table.Column<string>(type: "text", nullable: false),
                    RuleCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleSetVersions", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "TransferChecks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CaseId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    From = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    To = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ItemName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Program = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AsOf = table.Column<DateOnly>(type: "date", nullable: false),
                    Verdict = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RuleSetHash = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    InputJson = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: false),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingDisplayOnly = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingFedOnly = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingNeedToKnow = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MarkingNoForn = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingRelTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false)
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
