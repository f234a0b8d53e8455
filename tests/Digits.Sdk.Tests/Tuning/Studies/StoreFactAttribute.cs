using Xunit.Abstractions;
using Xunit.Sdk;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>
/// A fact that runs against a study store: written once in an abstract test class, it runs in each concrete class,
/// and is skipped (outside CI only) in the classes marked <see cref="IPostgresTests"/> when no PostgreSQL is
/// configured (<see cref="PostgresServer.SkipReason"/>).
/// </summary>
[XunitTestCaseDiscoverer("Digits.Sdk.Tests.Tuning.Studies.StoreFactDiscoverer", "Digits.Sdk.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose facts need <see cref="PostgresServer"/>.</summary>
public interface IPostgresTests;

/// <summary>Finds <see cref="StoreFactAttribute"/> facts and gives them a skip reason that depends on their class.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
        => new StoreTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

/// <summary>A test case skipped when its class needs PostgreSQL and none is configured outside CI.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
        => PostgresSkipReason ?? base.GetSkipReason(factAttribute);

    /// <summary>
    /// A skipped test's name says why: dotnet test prints the names of skipped tests at normal verbosity, but their
    /// reasons only at detailed, so a developer without PostgreSQL saw 20 tests skipped and no word of what to do.
    /// </summary>
    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName)
        => PostgresSkipReason is null
            ? base.GetDisplayName(factAttribute, displayName)
            : $"{base.GetDisplayName(factAttribute, displayName)} [skipped: {PostgresServer.Variable} is not set; see the README's test command]";

    private string? PostgresSkipReason
        => typeof(IPostgresTests).IsAssignableFrom(TestMethod.TestClass.Class.ToRuntimeType()) ? PostgresServer.SkipReason : null;
}
