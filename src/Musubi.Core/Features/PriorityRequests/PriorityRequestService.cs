using Musubi.Core.Data;
using Musubi.Core.Features.Audit;

namespace Musubi.Core.Features.PriorityRequests;

/// <summary>
/// The priority-delivery request workflow (issue #10; docs/priority-requests.md). Scoped over the caller's
/// <see cref="AppDbContext"/>, whose <see cref="AppDbContext.Scope"/> names the reader.
/// </summary>
public sealed partial class PriorityRequestService(AppDbContext db, TimeProvider clock, PriorityRequestOptions options)
{
    public Task<PriorityRequestPage> ListAsync(PriorityRequestFilter filter, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityRequestView?> GetAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityRequestView> CreateAsync(PriorityRequestInput input, AuditTrail audit, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityRequestView> TransitionAsync(string id, PriorityTransitionInput input, AuditTrail audit, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityCommentView> CommentAsync(string id, string text, AuditTrail audit, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityImpact> ImpactAsync(string id, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PriorityDashboard> DashboardAsync(CancellationToken ct = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<NotificationView>> NotificationsAsync(CancellationToken ct = default) => throw new NotSupportedException();

    public Task MarkReadAsync(string notificationId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<int> EscalateAsync(AuditTrail audit, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<string> ExportCsvAsync(CancellationToken ct = default) => throw new NotSupportedException();

    private AppDbContext Db => db;

    private TimeProvider Clock => clock;

    private PriorityRequestOptions Options => options;
}
