using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

public sealed partial class ImportService
{
    private async Task WriteAsync(IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var previousScope = db.Scope;
        var autoDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.Scope = AccessScope.System;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            Lap("begin");
            long total = _taxonomy.Count + _organizations.Count + _facilities.Count + _capabilities.Count + _programs.Count
                + _requirements.Count + _agreements.Count + _principals.Count + _parts.Count + _offers.Count + _offerInputs.Count + _approved.Count;
            long done = 0;
            void Advance(string stage, long n)
            {
                done += n;
                progress?.Report(new ImportProgress(stage, done, total));
            }

            // Taxonomy parents before children: the file lists them in order, but an import may update either.
            await UpsertAsync(db.CapabilityNodes, _taxonomy, EntityCopy.Taxonomy, ct);
            Lap("write taxonomy");
            Advance("taxonomy", _taxonomy.Count);
            await UpsertAsync(db.Organizations, _organizations, EntityCopy.Organization, ct);
            Lap("write organizations");
            Advance("organizations", _organizations.Count);
            await UpsertAsync(db.Facilities, _facilities, EntityCopy.Facility, ct);
            Lap("write facilities");
            Advance("facilities", _facilities.Count);
            await UpsertAsync(db.FacilityCapabilities, _capabilities, EntityCopy.Capability, ct);
            Lap("write capabilities");
            Advance("capabilities", _capabilities.Count);

            var writer = PackageWriter.For(db.Database.GetDbConnection(), tx.GetDbTransaction(), clock.GetUtcNow());
            if (_parts.Count > 0)
            {
                writer.Progress = n => Advance("parts", n);
                await writer.PartsAsync(_parts, _partsMarked, ct);
                Lap("write parts");
            }
            if (_offers.Count > 0)
            {
                writer.Progress = n => Advance("offers", n);
                await writer.OffersAsync(_offers, _offersMarked, _offersQualification, ct);
                Lap("write offers");
            }
            if (_offerInputs.Count > 0)
            {
                writer.Progress = n => Advance("offer inputs", n);
                await writer.OfferInputsAsync(_offerInputs, ct);
                Lap("write offer_inputs");
            }
            if (_approved.Count > 0)
            {
                writer.Progress = n => Advance("approved sources", n);
                await writer.ApprovedSourcesAsync(_approved, ct);
                Lap("write approved_sources");
            }

            await UpsertAsync(db.Programs, _programs, (f, t) => EntityCopy.Program(db, f, t), ct, q => q.Include(p => p.WorkPackages));
            Lap("write programs");
            Advance("programs", _programs.Count);
            await UpsertAsync(db.Requirements, _requirements, EntityCopy.Requirement, ct);
            Lap("write requirements");
            Advance("requirements", _requirements.Count);
            await UpsertAsync(db.Agreements, _agreements, EntityCopy.Agreement, ct);
            Lap("write agreements");
            Advance("agreements", _agreements.Count);
            await UpsertAsync(db.Principals, _principals, EntityCopy.Principal, ct);
            Lap("write principals");
            Advance("principals", _principals.Count);
            if (audit is not null)
            {
                await audit.AppendAsync(db, AuditTypes.Import, AuditOutcomes.Success, "import", System.Text.Json.JsonSerializer.Serialize(
                    new { files = _fileOf.Values.Order(StringComparer.Ordinal), counts = Counts() }), ct);
            }
            await tx.CommitAsync(ct);
            Lap("commit");
        }
        finally
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
            db.Scope = previousScope;
        }
        if (audit is not null)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
    }

    /// <summary>Inserts new ids and copies fields onto existing rows, in chunks, saving as it goes.</summary>
    private async Task UpsertAsync<T>(DbSet<T> set, List<Sited<T>> incoming, Action<T, T> copy, CancellationToken ct,
        Func<IQueryable<T>, IQueryable<T>>? include = null) where T : TrackedEntity
    {
        foreach (var chunk in incoming.Chunk(Chunk))
        {
            var ids = chunk.Select(s => s.Record.Id).ToList();
            var query = set.IgnoreQueryFilters().Where(e => ids.Contains(e.Id));
            var existing = await (include is null ? query : include(query)).ToDictionaryAsync(e => e.Id, StringComparer.Ordinal, ct);
            foreach (var s in chunk)
            {
                if (existing.TryGetValue(s.Record.Id, out var current))
                {
                    copy(s.Record, current);
                }
                else
                {
                    set.Add(s.Record);
                }
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
