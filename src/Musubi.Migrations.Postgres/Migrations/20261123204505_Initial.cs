using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CapabilityNodes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ParentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LabelEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LabelJa = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DescriptionEn = table.Column<string>(type: "text", nullable: true),
                    DescriptionJa = table.Column<string>(type: "text", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CapabilityNodes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CapabilityNodes_CapabilityNodes_ParentId",
                        column: x => x.ParentId,
                        principalTable: "CapabilityNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Organizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    ParentId = table.Column<string>(type: "character varying(64)", nullable: true),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SearchText = table.Column<string>(type: "text", nullable: false),
                    DefenseRevenueShare = table.Column<decimal>(type: "numeric", nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingFedOnly = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingNeedToKnow = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MarkingNoForn = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingRelTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Certifications = table.Column<string>(type: "jsonb", nullable: true),
                    Identifiers = table.Column<string>(type: "jsonb", nullable: true),
                    Names = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Organizations_Organizations_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Parts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    EndItem = table.Column<bool>(type: "boolean", nullable: false),
                    Weapon = table.Column<bool>(type: "boolean", nullable: false),
                    Usml = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Eccn = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    JpControl = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    FiveCategory = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_Parts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Principals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Nationality = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    Programs = table.Column<List<string>>(type: "text[]", nullable: false),
                    CuiAccess = table.Column<bool>(type: "boolean", nullable: false),
                    Federal = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Principals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Programs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DescriptionEn = table.Column<string>(type: "text", nullable: true),
                    DescriptionJa = table.Column<string>(type: "text", nullable: true),
                    EndItemPartIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingFedOnly = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingNeedToKnow = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MarkingNoForn = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingRelTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sources = table.Column<List<string>>(type: "text[]", nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Partners = table.Column<string>(type: "jsonb", nullable: true),
                    Phases = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Programs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Facilities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OrganizationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Region = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_Facilities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Facilities_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TitleJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Parties = table.Column<List<string>>(type: "text[]", nullable: false),
                    SignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    InForceOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Agreements_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Requirements",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CapabilityCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TitleJa = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DescriptionEn = table.Column<string>(type: "text", nullable: true),
                    DescriptionJa = table.Column<string>(type: "text", nullable: true),
                    Quantity = table.Column<int>(type: "integer", nullable: true),
                    NeedBy = table.Column<DateOnly>(type: "date", nullable: true),
                    FundingStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ContractingPath = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PointOfContact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_Requirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Requirements_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WorkPackages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProgramId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CostEstimateUsd = table.Column<decimal>(type: "numeric", nullable: true),
                    RequiredCapabilities = table.Column<List<string>>(type: "text[]", nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkPackages", x => new { x.ProgramId, x.Id });
                    table.ForeignKey(
                        name: "FK_WorkPackages_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FacilityCapabilities",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FacilityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CapabilityCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActualPerMonth = table.Column<decimal>(type: "numeric", nullable: true),
                    MaxPerMonth = table.Column<decimal>(type: "numeric", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_FacilityCapabilities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FacilityCapabilities_CapabilityNodes_CapabilityCode",
                        column: x => x.CapabilityCode,
                        principalTable: "CapabilityNodes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FacilityCapabilities_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PartId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FacilityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CapacityPerMonth = table.Column<decimal>(type: "numeric", nullable: false),
                    LeadTimeDays = table.Column<int>(type: "integer", nullable: false),
                    UnitCostUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    Qualified = table.Column<bool>(type: "boolean", nullable: false),
                    MarkingCategories = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MarkingCui = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("PK_Offers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Offers_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Offers_Parts_PartId",
                        column: x => x.PartId,
                        principalTable: "Parts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OfferInputs",
                columns: table => new
                {
                    OfferId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InputPartId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QuantityPerUnit = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferInputs", x => new { x.OfferId, x.InputPartId });
                    table.ForeignKey(
                        name: "FK_OfferInputs_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OfferInputs_Parts_InputPartId",
                        column: x => x.InputPartId,
                        principalTable: "Parts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApprovedSources",
                columns: table => new
                {
                    OfferId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InputPartId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SourceOfferId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovedSources", x => new { x.OfferId, x.InputPartId, x.SourceOfferId });
                    table.ForeignKey(
                        name: "FK_ApprovedSources_OfferInputs_OfferId_InputPartId",
                        columns: x => new { x.OfferId, x.InputPartId },
                        principalTable: "OfferInputs",
                        principalColumns: new[] { "OfferId", "InputPartId" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ApprovedSources_Offers_SourceOfferId",
                        column: x => x.SourceOfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_ProgramId",
                table: "Agreements",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovedSources_SourceOfferId",
                table: "ApprovedSources",
                column: "SourceOfferId");

            migrationBuilder.CreateIndex(
                name: "IX_CapabilityNodes_ParentId",
                table: "CapabilityNodes",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_Country",
                table: "Facilities",
                column: "Country");

            migrationBuilder.CreateIndex(
                name: "IX_Facilities_OrganizationId",
                table: "Facilities",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_FacilityCapabilities_CapabilityCode",
                table: "FacilityCapabilities",
                column: "CapabilityCode");

            migrationBuilder.CreateIndex(
                name: "IX_FacilityCapabilities_FacilityId",
                table: "FacilityCapabilities",
                column: "FacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_OfferInputs_InputPartId",
                table: "OfferInputs",
                column: "InputPartId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_FacilityId",
                table: "Offers",
                column: "FacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_PartId",
                table: "Offers",
                column: "PartId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Country",
                table: "Organizations",
                column: "Country");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_ParentId",
                table: "Organizations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Requirements_NeedBy",
                table: "Requirements",
                column: "NeedBy");

            migrationBuilder.CreateIndex(
                name: "IX_Requirements_ProgramId",
                table: "Requirements",
                column: "ProgramId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropTable(
                name: "ApprovedSources");

            migrationBuilder.DropTable(
                name: "FacilityCapabilities");

            migrationBuilder.DropTable(
                name: "Principals");

            migrationBuilder.DropTable(
                name: "Requirements");

            migrationBuilder.DropTable(
                name: "WorkPackages");

            migrationBuilder.DropTable(
                name: "OfferInputs");

            migrationBuilder.DropTable(
                name: "CapabilityNodes");

            migrationBuilder.DropTable(
                name: "Programs");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropTable(
                name: "Facilities");

            migrationBuilder.DropTable(
                name: "Parts");

            migrationBuilder.DropTable(
                name: "Organizations");
        }
    }
}
