using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Identity;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Core.Features.Surge;
using Musubi.Core.Features.Transfers;
using Musubi.Core.Features.Workshare;

namespace Musubi.Core.Data;

/// <summary>
/// The one DbContext. Feature handlers use it directly. Every <see cref="MarkedEntity"/> gets the
/// access policy as a global query filter; set <see cref="Scope"/> before querying. Identity's user tables
/// (accounts, their tokens and claims) live here too, with sessions, API tokens and the audit log.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options, TimeProvider clock) : IdentityUserContext<UserAccount>(options)
{
    private AccessScope _scope = AccessScope.Anonymous;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Facility> Facilities => Set<Facility>();
    public DbSet<CapabilityNode> CapabilityNodes => Set<CapabilityNode>();
    public DbSet<FacilityCapability> FacilityCapabilities => Set<FacilityCapability>();
    public DbSet<Part> Parts => Set<Part>();
    public DbSet<SourcingOffer> Offers => Set<SourcingOffer>();
    public DbSet<OfferInput> OfferInputs => Set<OfferInput>();
    public DbSet<ApprovedSource> ApprovedSources => Set<ApprovedSource>();
    public DbSet<DefenseProgram> Programs => Set<DefenseProgram>();
    public DbSet<WorkPackage> WorkPackages => Set<WorkPackage>();
    public DbSet<Requirement> Requirements => Set<Requirement>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<Principal> Principals => Set<Principal>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<TransferCheck> TransferChecks => Set<TransferCheck>();
    public DbSet<RuleSetVersion> RuleSetVersions => Set<RuleSetVersion>();
    public DbSet<ScreeningListVersion> ScreeningListVersions => Set<ScreeningListVersion>();
    public DbSet<ScreeningListEntry> ScreeningListEntries => Set<ScreeningListEntry>();
    public DbSet<ScreeningRecord> ScreeningRecords => Set<ScreeningRecord>();
    public DbSet<ScreeningCertificate> ScreeningCertificates => Set<ScreeningCertificate>();
    public DbSet<ScreeningAlert> ScreeningAlerts => Set<ScreeningAlert>();
    public DbSet<OrganizationScreening> OrganizationScreenings => Set<OrganizationScreening>();
    public DbSet<DuplicateCandidate> DuplicateCandidates => Set<DuplicateCandidate>();
    public DbSet<SurgeRun> SurgeRuns => Set<SurgeRun>();
    public DbSet<WorkshareRun> WorkshareRuns => Set<WorkshareRun>();
    public DbSet<WorkshareContract> WorkshareContracts => Set<WorkshareContract>();
    public DbSet<PriorityRequest> PriorityRequests => Set<PriorityRequest>();
    public DbSet<PriorityTransition> PriorityTransitions => Set<PriorityTransition>();
    public DbSet<PriorityComment> PriorityComments => Set<PriorityComment>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<MailOutbox> MailOutbox => Set<MailOutbox>();
    public DbSet<BoardSubscription> BoardSubscriptions => Set<BoardSubscription>();
    public DbSet<BoardSubscriptionSeen> BoardSubscriptionSeen => Set<BoardSubscriptionSeen>();
    public DbSet<BoardFeedItem> BoardFeedItems => Set<BoardFeedItem>();

    /// <summary>Whose eyes this context reads with. Defaults to <see cref="AccessScope.Anonymous"/> (unmarked records only).</summary>
    public AccessScope Scope
    {
        get => _scope;
        set => _scope = value ?? AccessScope.Anonymous;
    }

    // Read by the query filters that AccessPolicy builds; EF parameterizes them per query.
    internal bool AccessUnrestricted => _scope.Unrestricted;
    internal string? AccessNationality => _scope.Nationality;
    internal bool AccessCui => _scope.CuiAccess;
    internal bool AccessFederal => _scope.Federal;
    internal List<string> AccessPrograms => _scope.Programs;

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (!IsPostgres)
        {
            // SQLite cannot compare or sort decimals stored as TEXT; REAL keeps sorting and filtering in SQL.
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
            configurationBuilder.Properties<decimal?>().HaveConversion<double?>();
            // Nor sort or compare DateTimeOffset: store it as UTC text in EF's own format, which sorts as time does.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<SortableDateTimeOffsetConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<SortableDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => t.BaseType is null && !t.IsOwned()).ToList())
        {
            var clr = entityType.ClrType;
            if (typeof(TrackedEntity).IsAssignableFrom(clr))
            {
                var version = modelBuilder.Entity(clr).Property(nameof(TrackedEntity.Version));
                if (IsPostgres)
                {
                    // Npgsql maps a uint row version to the system column xmin.
                    version.IsRowVersion();
                }
                else
                {
                    version.IsConcurrencyToken();
                }
            }
            if (typeof(MarkedEntity).IsAssignableFrom(clr))
            {
                modelBuilder.Entity(clr).HasQueryFilter(AccessPolicy.FilterFor(clr, this));
            }
        }
        // Screening data about an organization is visible exactly when the organization is.
        ScreeningAccess.Apply(modelBuilder, this);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Stamp();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Stamp();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Sets timestamps and (on SQLite) the version. Writes go through the entry API, not the entity, so they are
    /// saved even when the caller turned automatic change detection off (the importer does, for speed).
    /// </summary>
    private void Stamp()
    {
        var now = clock.GetUtcNow();
        foreach (var entry in ChangeTracker.Entries<TrackedEntity>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            if (entry.Entity is Organization org)
            {
                org.SyncNames();
                entry.DetectChanges();
            }
            entry.Property(e => e.UpdatedAt).CurrentValue = now;
            if (entry.State == EntityState.Added)
            {
                entry.Property(e => e.CreatedAt).CurrentValue = now;
            }
            if (!IsPostgres)
            {
                entry.Property(e => e.Version).CurrentValue = entry.State == EntityState.Added ? 1 : entry.Entity.Version + 1;
            }
        }
    }
}
