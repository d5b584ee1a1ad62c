using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Musubi.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OfferQualification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "QualificationCostUsd",
                table: "Offers",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QualificationMonths",
                table: "Offers",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "QualificationCostUsd",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "QualificationMonths",
                table: "Offers");
        }
    }
}
