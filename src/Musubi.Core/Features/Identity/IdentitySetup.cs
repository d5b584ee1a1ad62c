using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Identity;

public static class IdentitySetup
{
    /// <summary>
    /// ASP.NET Core Identity's user store, password hasher (PBKDF2, salted) and token providers (TOTP authenticator,
    /// recovery codes) over <see cref="AppDbContext"/>, with Musubi's password policy; no cookies (the web app adds them).
    /// </summary>
    public static IServiceCollection AddMusubiIdentity(this IServiceCollection services, SecurityOptions? options = null, PasswordPolicy? passwords = null)
    {
        if (options is not null || services.All(d => d.ServiceType != typeof(SecurityOptions)))
        {
            services.AddSingleton(options ?? new SecurityOptions());
        }
        services.AddIdentityCore<UserAccount>(o =>
            {
                // Composition rules are off (NIST 800-63B); length and the blocklist are PasswordPolicy's.
                o.Password.RequiredLength = PasswordPolicy.MinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-_.@";
                // Lockout is counted by AccountService (a window of failures, the injected clock).
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddTokenProvider<AuthenticatorTokenProvider<UserAccount>>(TokenOptions.DefaultAuthenticatorProvider);
        // Replace Identity's composition validator with the policy (length, blocklist, context words).
        services.RemoveAll<IPasswordValidator<UserAccount>>();
        services.AddSingleton<IPasswordValidator<UserAccount>>(passwords ?? PasswordPolicy.Default);
        services.AddScoped<AccountService>();
        return services;
    }

    private static void RemoveAll<T>(this IServiceCollection services)
    {
        foreach (var d in services.Where(d => d.ServiceType == typeof(T)).ToList())
        {
            services.Remove(d);
        }
    }
}
