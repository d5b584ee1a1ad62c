using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Board : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwardedOrganizationId",
                table: "Requirements",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Milestones",
                table: "Requirements",
                type: "jsonb",
                nullable: true,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<List<string>>(
                name: "RequiredCertifications",
                table: "Requirements",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateTable(
                name: "BoardSubscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PrincipalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Values = table.Column<List<string>>(type: "text[]", nullable: false),
                    Query = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Digest = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BoardFeedItems",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubscriptionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PrincipalId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequirementId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Change = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RequirementUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DigestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardFeedItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BoardFeedItems_BoardSubscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "BoardSubscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BoardFeedItems_Requirements_RequirementId",
                        column: x => x.RequirementId,
                        principalTable: "Requirements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BoardSubscriptionSeen",
                columns: table => new
                {
                    SubscriptionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequirementId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BoardSubscriptionSeen", x => new { x.SubscriptionId, x.RequirementId });
                    table.ForeignKey(
                        name: "FK_BoardSubscriptionSeen_BoardSubscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "BoardSubscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BoardFeedItems_PrincipalId_CreatedAt",
                table: "BoardFeedItems",
                columns: new[] { "PrincipalId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BoardFeedItems_RequirementId",
                table: "BoardFeedItems",
                column: "RequirementId");

            migrationBuilder.CreateIndex(
                name: "IX_BoardFeedItems_SubscriptionId_CreatedAt",
                table: "BoardFeedItems",
                columns: new[] { "SubscriptionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BoardSubscriptions_PrincipalId",
                table: "BoardSubscriptions",
                column: "PrincipalId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BoardFeedItems");

            migrationBuilder.DropTable(
                name: "BoardSubscriptionSeen");

            migrationBuilder.DropTable(
                name: "BoardSubscriptions");

            migrationBuilder.DropColumn(
                name: "AwardedOrganizationId",
                table: "Requirements");

            migrationBuilder.DropColumn(
                name: "Milestones",
                table: "Requirements");

            migrationBuilder.DropColumn(
                name: "RequiredCertifications",
                table: "Requirements");
        }
    }
}
