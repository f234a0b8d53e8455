using System.Reflection;
using Digits.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Digits.Sdk.Generators.Tests;

/// <summary>
/// Values flowing through the incremental pipeline must not hold Roslyn objects: a symbol, node or
/// compilation would root old compilations in the cache and never compare equal from run to run.
/// </summary>
public sealed class ModelTests
{
    private static readonly Type[] Forbidden =
    [
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation),
        typeof(SemanticModel), typeof(AttributeData), typeof(SyntaxReference),
    ];

    public static TheoryData<string> ModelTypes => new(
        typeof(NetworkDeclaration).Assembly.GetTypes()
            .Where(type => type.Namespace == typeof(NetworkDeclaration).Namespace && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))
            .Select(type => type.Name));

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void A_model_type_holds_no_symbols_syntax_locations_or_compilations(string typeName)
    {
        var type = typeof(NetworkDeclaration).Assembly.GetTypes().Single(t => t.Namespace == typeof(NetworkDeclaration).Namespace && t.Name == typeName);
        var offending = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), offending);
        Assert.Empty(offending);
    }

    [Fact]
    public void The_walk_finds_a_location_hidden_in_a_generic_argument()
    {
        var offending = new List<string>();
        Walk(typeof(Holder), nameof(Holder), new HashSet<Type>(), offending);
        Assert.Equal(["Holder.Locations<Location>"], offending);
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> offending)
    {
        if (Forbidden.Any(forbidden => forbidden.IsAssignableFrom(type)))
        {
            offending.Add(path);
            return;
        }

        if (type.IsPrimitive || type == typeof(string) || type.IsEnum || !seen.Add(type))
        {
            return;
        }

        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, $"{path}<{argument.Name}>", seen, offending);
            }
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", seen, offending);
        }

        // Descriptors are immutable singletons compared by reference: fine to carry, and Roslyn's own types.
        if (type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return;
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, $"{path}.{field.Name.Replace("<", string.Empty).Replace(">k__BackingField", string.Empty)}", seen, offending);
        }
    }

    private sealed record Holder(EquatableArray<LocationInfo> Fine, List<Location> Locations);
}
