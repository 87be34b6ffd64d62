using Hangfire.Dashboard;

namespace RbIdp.Worker.Dashboard;

/// <summary>
/// Who sees the Hangfire dashboard: everyone in Development (local runs); elsewhere a person signed in
/// (<see cref="DashboardSignIn"/>) as <c>admin</c> (may requeue and delete) or <c>reviewer</c> (read-only).
/// A browser without a session never reaches this filter: the dashboard endpoint's authorization sends it to the sign-in page.
/// </summary>
public sealed class DashboardAccessFilter(IHostEnvironment environment) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        environment.IsDevelopment() || DashboardSignIn.MaySee(context.GetHttpContext().User);

    /// <summary>Everyone but an admin gets the read-only dashboard (outside Development).</summary>
    public bool IsReadOnly(DashboardContext context) =>
        !environment.IsDevelopment() && !context.GetHttpContext().User.IsInRole(DashboardSignIn.AdminRole);
}
