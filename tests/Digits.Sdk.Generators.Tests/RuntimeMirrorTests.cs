using System.Globalization;
using System.Reflection;
using Digits.Sdk.Generators.Model;
using Digits.Sdk.Generators.Tests.Infrastructure;
using Digits.Sdk.Modeling;
using GeneratorLayerKind = Digits.Sdk.Generators.Model.LayerKind;
using RuntimeLayerKind = Digits.Sdk.Modeling.LayerKind;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// The generator (netstandard2.0, loaded by the compiler) cannot reference the runtime, so it keeps copies of
/// two runtime facts: the <c>LayerKind</c> members, and the default of every attribute argument a user may leave
/// out. These tests read the runtime by reflection and fail when a copy drifts from it.
/// </summary>
public sealed class RuntimeMirrorTests
{
    private static readonly Type[] LayerAttributes = typeof(LayerAttribute).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(LayerAttribute)) && !type.IsAbstract)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Every argument a user may leave out: (attribute, argument) for settable properties and optional constructor parameters.</summary>
    public static TheoryData<string, string> OptionalArguments()
    {
        var data = new TheoryData<string, string>();
        foreach (var attribute in LayerAttributes)
        {
            foreach (var property in SettableProperties(attribute))
            {
                data.Add(attribute.Name, property.Name);
            }

            foreach (var parameter in attribute.GetConstructors().SelectMany(c => c.GetParameters()).Where(p => p.IsOptional))
            {
                data.Add(attribute.Name, parameter.Name!);
            }
        }

        return data;
    }

    /// <summary>Every constructor parameter a user must give: (attribute, parameter count of its constructor, parameter).</summary>
    public static TheoryData<string, int, string> RequiredArguments()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var attribute in LayerAttributes)
        {
            foreach (var constructor in attribute.GetConstructors())
            {
                foreach (var parameter in constructor.GetParameters().Where(p => !p.IsOptional))
                {
                    data.Add(attribute.Name, constructor.GetParameters().Length, parameter.Name!);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_generator_knows_every_runtime_layer_kind_under_the_same_name_and_value()
    {
        // Architecture descriptions are emitted as LayerKind.{name}, and checkpoints store the value.
        Assert.Equal(Members<RuntimeLayerKind>(), Members<GeneratorLayerKind>());
    }

    [Fact]
    public void Every_runtime_layer_attribute_is_named_after_a_layer_kind()
    {
        // The parser finds a layer's kind by stripping "Attribute" from the attribute's name.
        Assert.Equal(
            Enum.GetNames<GeneratorLayerKind>().Order(StringComparer.Ordinal),
            LayerAttributes.Select(type => type.Name[..^"Attribute".Length]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_arguments_to_check_cover_every_attribute_with_options()
    {
        // Guards the reflection above: if it stopped finding arguments, the theories would pass vacuously.
        var attributes = OptionalArguments().Select(row => (string)row[0]).Distinct().ToArray();
        Assert.Contains(nameof(Conv2dAttribute), attributes);
        Assert.Contains(nameof(DropoutAttribute), attributes);
        Assert.Contains(nameof(RandomFourierFeaturesAttribute), attributes);
        Assert.Contains(RequiredArguments(), row => (string)row[0] == nameof(AdaptiveAvgPool2dAttribute) && (int)row[1] == 2);
    }

    [Theory]
    [MemberData(nameof(OptionalArguments))]
    public void An_argument_left_out_reads_as_the_runtime_attributes_default(string attribute, string argument)
    {
        var runtimeDefault = Literal(DefaultOf(attribute, argument));

        var leftOut = ParseSettings(Usage(attribute));
        var setToDefault = ParseSettings(Usage(attribute, argument, runtimeDefault));

        Assert.True(
            leftOut == setToDefault,
            $"{attribute}.{argument} defaults to {runtimeDefault} in the runtime, but the generator assumes otherwise when it is left out:\n  left out:       {leftOut}\n  set to default: {setToDefault}");
    }

    [Theory]
    [MemberData(nameof(OptionalArguments))]
    public void Every_optional_argument_is_read_by_the_generator(string attribute, string argument)
    {
        // Without this, an argument the parser ignores would equal its default in the test above and pass.
        var other = Literal(Other(DefaultOf(attribute, argument)));

        Assert.NotEqual(ParseSettings(Usage(attribute)), ParseSettings(Usage(attribute, argument, other)));
    }

    [Theory]
    [MemberData(nameof(RequiredArguments))]
    public void Every_constructor_argument_is_read_by_the_generator(string attribute, int arity, string parameter)
    {
        var constructor = Constructor(attribute, arity);
        string Call(string changedValue) => $"{Kind(attribute)}({string.Join(", ", constructor.GetParameters().Where(p => !p.IsOptional).Select(p => p.Name == parameter ? changedValue : "2"))})";

        Assert.NotEqual(ParseSettings(Call("2")), ParseSettings(Call("3")));
    }

    private static (string Name, int Value)[] Members<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Select(value => (value.ToString(), Convert.ToInt32(value, CultureInfo.InvariantCulture))).ToArray();

    private static IEnumerable<PropertyInfo> SettableProperties(Type attribute) =>
        attribute.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } && property.DeclaringType != typeof(Attribute));

    private static Type AttributeType(string name) => LayerAttributes.Single(type => type.Name == name);

    private static string Kind(string attribute) => attribute[..^"Attribute".Length];

    /// <summary>The constructor with <paramref name="arity"/> parameters, or the one with the fewest.</summary>
    private static ConstructorInfo Constructor(string attribute, int? arity = null) =>
        AttributeType(attribute).GetConstructors()
            .Where(c => arity is null || c.GetParameters().Length == arity)
            .OrderBy(c => c.GetParameters().Length)
            .First();

    /// <summary>The runtime's value for an argument not given: a fresh attribute's property, or the parameter's default.</summary>
    private static object DefaultOf(string attribute, string argument)
    {
        var constructor = Constructor(attribute);
        var optional = constructor.GetParameters().FirstOrDefault(p => p.IsOptional && p.Name == argument);
        if (optional is not null)
        {
            return optional.DefaultValue!;
        }

        var instance = constructor.Invoke(constructor.GetParameters().Select(p => p.IsOptional ? p.DefaultValue : 2).ToArray());
        return AttributeType(attribute).GetProperty(argument)!.GetValue(instance)!;
    }

    /// <summary>The attribute as a user writes it: required arguments 2, <paramref name="argument"/> set when given.</summary>
    private static string Usage(string attribute, string? argument = null, string? value = null)
    {
        var constructor = Constructor(attribute);
        var arguments = constructor.GetParameters().Where(p => !p.IsOptional).Select(_ => "2").ToList();
        if (argument is not null)
        {
            var isParameter = constructor.GetParameters().Any(p => p.Name == argument);
            arguments.Add(isParameter ? $"{argument}: {value}" : $"{argument} = {value}");
        }

        return arguments.Count == 0 ? Kind(attribute) : $"{Kind(attribute)}({string.Join(", ", arguments)})";
    }

    private static object Other(object value) => value switch
    {
        int number => number + 1,
        double number => number + 0.25,
        bool flag => !flag,
        _ => throw new NotSupportedException($"Add a changed value for {value.GetType()} arguments."),
    };

    private static string Literal(object value) => value switch
    {
        int number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => throw new NotSupportedException($"Add a C# literal for {value.GetType()} arguments."),
    };

    /// <summary>What the parser reads from one layer attribute, taken from the generator's declarations step.</summary>
    private static LayerSettings ParseSettings(string layer)
    {
        var compilation = GeneratorRun.Compilation("Mirror", $$"""
            using Digits.Sdk.Modeling;

            [Network(InputShape = new[] { 1, 8, 8 }, Classes = 2)]
            [{{layer}}]
            public partial class Probe;
            """);
        var result = GeneratorRun.Driver().RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

        var declaration = (NetworkDeclaration)result.TrackedSteps[TrackingNames.Declarations].Single().Outputs.Single().Value;
        return Assert.Single(declaration.Layers).Settings;
    }
}
