using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Digits.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Digits.Sdk.Generators;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Reads a <c>[Network]</c> class into a <see cref="NetworkDeclaration"/>: symbols and syntax go in, plain
    /// values come out. Anything the compiler already reports (unresolved attributes, non-constant arguments) is
    /// skipped silently; the parser never throws on broken code.
    /// </summary>
    internal static class Parser
    {
        // The defaults of the attributes' settable properties (constructor defaults come with the AttributeData).
        // This assembly cannot reference the runtime, so they are copies of src/Digits.Sdk/Modeling/*Attribute.cs;
        // RuntimeMirrorTests fails when one of them, or a default written inline below, drifts from the runtime.
        private const double DefaultNegativeSlope = 0.01;
        private const double DefaultEpsilon = 1e-5;
        private const double DefaultMomentum = 0.1;
        private const double DefaultGamma = 1.0;

        public static NetworkDeclaration? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetNode is not ClassDeclarationSyntax declaration || context.TargetSymbol is not INamedTypeSymbol type)
            {
                return null;
            }

            var networkAttribute = context.Attributes.FirstOrDefault();
            if (networkAttribute is null)
            {
                return null;
            }

            var name = type.Name;
            var diagnostics = new List<DiagnosticInfo>();
            var identifier = LocationInfo.From(declaration.Identifier.GetLocation());
            var networkLocation = LocationInfo.From(networkAttribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken)) ?? identifier;

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, identifier, name));
            }

            var unsupported = UnsupportedReason(type);
            if (unsupported is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedDeclaration, identifier, name, unsupported));
            }

            var (inputShape, classes) = ReadNetworkArguments(networkAttribute);
            var layers = ReadLayers(declaration, type, diagnostics, cancellationToken);

            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing
                ? containing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Substring("global::".Length)
                : null;

            return new NetworkDeclaration(
                ns,
                name,
                networkLocation,
                inputShape,
                classes,
                layers.ToEquatableArray(),
                diagnostics.ToEquatableArray(),
                ReadShell(type, cancellationToken));
        }

        private static string? UnsupportedReason(INamedTypeSymbol type)
        {
            if (type.ContainingType is not null)
            {
                return "it is nested in another type; declare networks at namespace level";
            }

            if (type.IsGenericType)
            {
                return "it is generic; networks cannot have type parameters";
            }

            if (type.IsStatic)
            {
                return "it is static; networks are instantiated";
            }

            if (OtherBaseClass(type) is { TypeKind: not TypeKind.Error } baseType)
            {
                return $"it derives from '{baseType.ToDisplayString()}'; the generated network derives from Module<Tensor, Tensor>";
            }

            return null;
        }

        /// <summary>The class's base class when it is neither <c>object</c> nor TorchSharp's module (possibly an error type).</summary>
        private static INamedTypeSymbol? OtherBaseClass(INamedTypeSymbol type) =>
            type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
            && (baseType.TypeKind == TypeKind.Error || baseType.ToDisplayString() != TypeNames.TorchSharpModule)
                ? baseType
                : null;

        /// <summary>
        /// How a generated file re-opens the class, or <see langword="null"/> when the part it would add, deriving
        /// from <c>Module&lt;Tensor, Tensor&gt;</c> with instance members, would itself be a compiler error: in a
        /// static class, against another base class, or inside a type that is not partial.
        /// </summary>
        private static ClassShell? ReadShell(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (type.IsStatic || OtherBaseClass(type) is not null)
            {
                return null;
            }

            var containingTypes = new List<ContainingType>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                var partial = outer.DeclaringSyntaxReferences.Length > 0 && outer.DeclaringSyntaxReferences.All(reference =>
                    reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax syntax && syntax.Modifiers.Any(SyntaxKind.PartialKeyword));
                if (!partial)
                {
                    return null;
                }

                containingTypes.Insert(0, new ContainingType(Keyword(outer), outer.Name, TypeParameterNames(outer)));
            }

            return containingTypes.Count == 0 && type.TypeParameters.Length == 0
                ? ClassShell.TopLevel
                : new ClassShell(containingTypes.ToEquatableArray(), TypeParameterNames(type));
        }

        private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
        {
            (true, TypeKind.Struct) => "record struct",
            (true, _) => "record",
            (false, TypeKind.Struct) => "struct",
            (false, TypeKind.Interface) => "interface",
            _ => "class",
        };

        private static EquatableArray<string> TypeParameterNames(INamedTypeSymbol type) =>
            type.TypeParameters.Select(parameter => parameter.Name).ToEquatableArray();

        private static (EquatableArray<int>? InputShape, int? Classes) ReadNetworkArguments(AttributeData attribute)
        {
            EquatableArray<int>? inputShape = null;
            int? classes = null;
            foreach (var argument in attribute.NamedArguments)
            {
                var value = argument.Value;
                if (value.Kind == TypedConstantKind.Error)
                {
                    continue;
                }

                switch (argument.Key)
                {
                    case "InputShape" when value.Kind == TypedConstantKind.Array:
                        // A null array (InputShape = null) reads as empty: both are invalid.
                        inputShape = value.IsNull
                            ? EquatableArray<int>.Empty
                            : value.Values.Select(v => v.Value is int dimension ? dimension : 0).ToEquatableArray();
                        break;
                    case "Classes" when value.Value is int count:
                        classes = count;
                        break;
                }
            }

            return (inputShape, classes);
        }

        private static List<LayerDeclaration> ReadLayers(
            ClassDeclarationSyntax declaration,
            INamedTypeSymbol type,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            // GetAttributes() follows source order for one declaration, but across partial declarations its
            // order depends on the order of syntax trees. The order of layers is the order written on the
            // [Network] declaration, so walk its attribute lists and look each one up.
            var layerAttributes = new Dictionary<TextSpan, (AttributeData Data, LayerKind Kind)>();
            foreach (var attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (LayerKindOf(attribute.AttributeClass) is not { } kind)
                {
                    continue;
                }

                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                if (syntax is null)
                {
                    continue;
                }

                if (syntax.SyntaxTree != declaration.SyntaxTree || !declaration.Span.Contains(syntax.Span))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.LayerOnOtherDeclaration,
                        LocationInfo.From(syntax),
                        kind.ToString(),
                        type.Name));
                    continue;
                }

                layerAttributes[syntax.Span] = (attribute, kind);
            }

            var layers = new List<LayerDeclaration>();
            foreach (var list in declaration.AttributeLists)
            {
                foreach (var syntax in list.Attributes)
                {
                    if (layerAttributes.TryGetValue(syntax.Span, out var layer) && ReadSettings(layer.Data, layer.Kind) is { } settings)
                    {
                        layers.Add(new LayerDeclaration(layer.Kind, settings, LocationInfo.From(syntax)));
                    }
                }
            }

            return layers;
        }

        private static LayerKind? LayerKindOf(INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null
                || attributeClass.TypeKind == TypeKind.Error
                || attributeClass.ContainingType is not null
                || attributeClass.ContainingNamespace?.ToDisplayString() != TypeNames.ModelingNamespace
                || !attributeClass.Name.EndsWith(TypeNames.AttributeSuffix, StringComparison.Ordinal))
            {
                return null;
            }

            var kindName = attributeClass.Name.Substring(0, attributeClass.Name.Length - TypeNames.AttributeSuffix.Length);
            return Enum.TryParse<LayerKind>(kindName, out var kind) && kind.ToString() == kindName ? kind : null;
        }

        /// <summary>The layer's arguments, or <see langword="null"/> when the compiler reports an error in them.</summary>
        private static LayerSettings? ReadSettings(AttributeData attribute, LayerKind kind)
        {
            // Constructor parameters (outChannels) and properties (Stride) share one case-insensitive namespace:
            // each constructor argument is exposed by the property of the same name.
            var arguments = new Dictionary<string, TypedConstant>(StringComparer.OrdinalIgnoreCase);
            var constructor = attribute.AttributeConstructor;
            if (constructor is null || constructor.Parameters.Length != attribute.ConstructorArguments.Length)
            {
                return null;
            }

            for (var i = 0; i < constructor.Parameters.Length; i++)
            {
                arguments[constructor.Parameters[i].Name] = attribute.ConstructorArguments[i];
            }

            foreach (var named in attribute.NamedArguments)
            {
                arguments[named.Key] = named.Value;
            }

            if (arguments.Values.Any(value => value.Kind == TypedConstantKind.Error))
            {
                return null;
            }

            int Int(string name, int fallback) => arguments.TryGetValue(name, out var value) && value.Value is int number ? number : fallback;
            double Double(string name, double fallback) => arguments.TryGetValue(name, out var value) && value.Value is double number ? number : fallback;
            bool Bool(string name, bool fallback) => arguments.TryGetValue(name, out var value) && value.Value is bool flag ? flag : fallback;

            var settings = new LayerSettings();
            switch (kind)
            {
                case LayerKind.Linear:
                    return settings with { OutputSize = Int("outFeatures", 0), Bias = Bool("Bias", true) };
                case LayerKind.Conv2d:
                    var kernel = Int("Kernel", 0);
                    return settings with
                    {
                        OutputSize = Int("outChannels", 0),
                        KernelHeight = Int("KernelHeight", 0) is var height and not 0 ? height : kernel,
                        KernelWidth = Int("KernelWidth", 0) is var width and not 0 ? width : kernel,
                        Stride = Int("Stride", 1),
                        Padding = Int("Padding", 0),
                        Dilation = Int("Dilation", 1),
                        Groups = Int("Groups", 1),
                        Bias = Bool("Bias", true),
                    };
                case LayerKind.MaxPool2d:
                case LayerKind.AvgPool2d:
                    var window = Int("kernel", 0);
                    return settings with
                    {
                        KernelHeight = window,
                        KernelWidth = window,
                        // An unset stride (0) means non-overlapping windows, as in PyTorch.
                        Stride = Int("Stride", 0) is var stride and not 0 ? stride : window,
                        Padding = Int("Padding", 0),
                    };
                case LayerKind.AdaptiveAvgPool2d:
                    var size = Int("size", 0);
                    return settings with { OutputHeight = Int("height", size), OutputWidth = Int("width", size) };
                case LayerKind.BatchNorm1d:
                case LayerKind.BatchNorm2d:
                    return settings with { Epsilon = Double("Epsilon", DefaultEpsilon), Momentum = Double("Momentum", DefaultMomentum) };
                case LayerKind.Dropout:
                case LayerKind.Dropout2d:
                    return settings with { Probability = Double("probability", 0.5) };
                case LayerKind.LeakyReLU:
                    return settings with { NegativeSlope = Double("NegativeSlope", DefaultNegativeSlope) };
                case LayerKind.RandomFourierFeatures:
                    return settings with { OutputSize = Int("dimensions", 0), Gamma = Double("Gamma", DefaultGamma), Seed = Int("Seed", 0) };
                default:
                    return settings;
            }
        }
    }
}
