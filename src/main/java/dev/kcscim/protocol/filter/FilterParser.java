package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kcscim.protocol.schema.AttrPath;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2, with the precedence the RFC
 * gives: {@code not} binds tighter than {@code and}, which binds tighter than {@code or}. Length and
 * nesting are bounded so that a hostile filter costs little.
 *
 * <pre>
 * or      := and ("or" and)*
 * and     := unary ("and" unary)*
 * unary   := "not" "(" or ")" | "(" or ")" | attrExp
 * attrExp := attrPath "[" or "]" | attrPath "pr" | attrPath compareOp value
 * </pre>
 */
public final class FilterParser {

    public static final int MAX_LENGTH = 4096;
    public static final int MAX_DEPTH = 16;

    private final List<Token> tokens;
    private int position;
    private int depth;

    private FilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Filter parse(String text) {
        if (text == null || text.isBlank()) {
            throw new FilterException("The filter is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterException("The filter is longer than " + MAX_LENGTH + " characters");
        }
        FilterParser parser = new FilterParser(Lexer.tokenize(text));
        Filter filter = parser.parseOr();
        if (!parser.atEnd()) {
            throw new FilterException("Unexpected '" + parser.peek().text() + "' at position " + parser.peek().offset());
        }
        return filter;
    }

    /**
     * Parses a PATCH path (RFC 7644 §3.5.2): {@code attrPath}, or {@code attrPath "[" valFilter "]" ["." subAttr]}.
     */
    public static PatchPathSyntax parsePatchPath(String text) {
        if (text == null || text.isBlank()) {
            throw new FilterException("The path is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterException("The path is longer than " + MAX_LENGTH + " characters");
        }
        FilterParser parser = new FilterParser(Lexer.tokenize(text));
        Token first = parser.next();
        if (first.type() != Token.Type.WORD) {
            throw new FilterException("A path starts with an attribute name");
        }
        AttrPath attribute = AttrPath.parse(first.text());
        Filter filter = null;
        String sub = null;
        if (!parser.atEnd() && parser.peek().type() == Token.Type.LBRACKET) {
            if (attribute.subAttribute() != null) {
                throw new FilterException("A value filter follows the attribute, not a sub-attribute");
            }
            parser.next();
            parser.depth++;
            filter = parser.parseOr();
            parser.expect(Token.Type.RBRACKET, "]");
            if (!parser.atEnd()) {
                Token after = parser.next();
                if (after.type() != Token.Type.WORD || !after.text().startsWith(".") || !AttrPath.validName(after.text().substring(1))) {
                    throw new FilterException("Only '.subAttribute' may follow ']' in a path");
                }
                sub = after.text().substring(1);
            }
        }
        if (!parser.atEnd()) {
            throw new FilterException("Unexpected '" + parser.peek().text() + "' in path");
        }
        return new PatchPathSyntax(attribute, filter, sub);
    }

    /** The parts of a PATCH path, before they are resolved against a schema. */
    public record PatchPathSyntax(AttrPath attribute, Filter valueFilter, String subAttribute) {
    }

    private Filter parseOr() {
        Filter left = parseAnd();
        while (keyword("or")) {
            next();
            left = new Filter.Or(left, parseAnd());
        }
        return left;
    }

    private Filter parseAnd() {
        Filter left = parseUnary();
        while (keyword("and")) {
            next();
            left = new Filter.And(left, parseUnary());
        }
        return left;
    }

    private Filter parseUnary() {
        if (++depth > MAX_DEPTH) {
            throw new FilterException("The filter nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (keyword("not")) {
                next();
                expect(Token.Type.LPAREN, "( after not");
                Filter inner = parseOr();
                expect(Token.Type.RPAREN, ")");
                return new Filter.Not(inner);
            }
            if (!atEnd() && peek().type() == Token.Type.LPAREN) {
                next();
                Filter inner = parseOr();
                expect(Token.Type.RPAREN, ")");
                return inner;
            }
            return parseAttributeExpression();
        } finally {
            depth--;
        }
    }

    private Filter parseAttributeExpression() {
        Token token = next();
        if (token.type() != Token.Type.WORD) {
            throw new FilterException("Expected an attribute name at position " + token.offset() + " but found '" + token.text() + "'");
        }
        AttrPath attribute = AttrPath.parse(token.text());
        if (!atEnd() && peek().type() == Token.Type.LBRACKET) {
            next();
            Filter inner = parseOr();
            expect(Token.Type.RBRACKET, "]");
            return new Filter.ValuePath(attribute, inner);
        }
        Token operator = next();
        if (operator.type() != Token.Type.WORD) {
            throw new FilterException("Expected an operator after '" + attribute + "'");
        }
        if (operator.text().equalsIgnoreCase("pr")) {
            return new Filter.Present(attribute);
        }
        CompareOp op = CompareOp.of(operator.text()).orElseThrow(() -> new FilterException(
                "Unknown operator '" + operator.text() + "'; use eq, ne, co, sw, ew, gt, ge, lt, le or pr"));
        return new Filter.Compare(attribute, op, value(next()));
    }

    private static JsonNode value(Token token) {
        switch (token.type()) {
            case STRING:
                return TextNode.valueOf(token.text());
            case WORD:
                String word = token.text().toLowerCase(Locale.ROOT);
                if (word.equals("true") || word.equals("false")) {
                    return BooleanNode.valueOf(word.equals("true"));
                }
                if (word.equals("null")) {
                    return NullNode.instance;
                }
                try {
                    BigDecimal number = new BigDecimal(token.text());
                    return number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0
                            ? LongNode.valueOf(number.longValueExact()) : DecimalNode.valueOf(number);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new FilterException("'" + token.text() + "' is not a value; quote strings with \"");
                }
            default:
                throw new FilterException("Expected a value but found '" + token.text() + "'");
        }
    }

    private boolean keyword(String word) {
        return !atEnd() && peek().type() == Token.Type.WORD && peek().text().equalsIgnoreCase(word);
    }

    private void expect(Token.Type type, String what) {
        if (atEnd() || peek().type() != type) {
            throw new FilterException("Expected " + what + (atEnd() ? " at the end" : " at position " + peek().offset()));
        }
        next();
    }

    private boolean atEnd() {
        return position >= tokens.size();
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        if (atEnd()) {
            throw new FilterException("The filter ends too early");
        }
        return tokens.get(position++);
    }

    record Token(Type type, String text, int offset) {
        enum Type { WORD, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET }
    }

    /** Splits a filter into tokens. Strings are JSON strings (RFC 7644 compValue), with JSON escapes. */
    static final class Lexer {
        private static final int MAX_TOKENS = 1024;

        static List<Token> tokenize(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (tokens.size() >= MAX_TOKENS) {
                    throw new FilterException("The filter has more than " + MAX_TOKENS + " tokens");
                }
                switch (c) {
                    case '(' -> tokens.add(new Token(Token.Type.LPAREN, "(", i++));
                    case ')' -> tokens.add(new Token(Token.Type.RPAREN, ")", i++));
                    case '[' -> tokens.add(new Token(Token.Type.LBRACKET, "[", i++));
                    case ']' -> tokens.add(new Token(Token.Type.RBRACKET, "]", i++));
                    case '"' -> i = string(text, i, tokens);
                    default -> {
                        int start = i;
                        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && "()[]\"".indexOf(text.charAt(i)) < 0) {
                            i++;
                        }
                        tokens.add(new Token(Token.Type.WORD, text.substring(start, i), start));
                    }
                }
            }
            return tokens;
        }

        private static int string(String text, int start, List<Token> tokens) {
            StringBuilder value = new StringBuilder();
            int i = start + 1;
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '"') {
                    tokens.add(new Token(Token.Type.STRING, value.toString(), start));
                    return i;
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                if (i >= text.length()) {
                    break;
                }
                char escaped = text.charAt(i++);
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'u' -> {
                        if (i + 4 > text.length()) {
                            throw new FilterException("Bad \\u escape at position " + (i - 2));
                        }
                        try {
                            value.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        } catch (NumberFormatException e) {
                            throw new FilterException("Bad \\u escape at position " + (i - 2));
                        }
                        i += 4;
                    }
                    default -> throw new FilterException("Unknown escape \\" + escaped + " at position " + (i - 2));
                }
            }
            throw new FilterException("Unterminated string starting at position " + start);
        }
    }
}
