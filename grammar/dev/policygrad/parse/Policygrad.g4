/*
 * The policygrad formula language.
 *
 * A file is a list of declarations: the state the policy sees, its action set, its parameters,
 * helper definitions, the policy itself, and the task it acts in (a finite MDP, a built-in
 * environment, or an environment written as formulas). Only dev.policygrad.parse sees the classes
 * ANTLR generates from this file; everything after it works on dev.policygrad.ast.
 *
 * Precedence, loosest first: or, and, not, comparison, + -, * /, @, unary minus, ^, postfix [ ].
 * So -x^2 is -(x^2) and 2 * W @ s is 2 * (W @ s); ^ is right-associative.
 */
grammar Policygrad;

// The parse stage's lead class is also named Parser; the generated parser must extend ANTLR's.
@parser::header { import org.antlr.v4.runtime.Parser; }

program : decl* EOF ;

// A lone formula, as given on the command line (--state, --set).
singleExpr : expr EOF ;

decl
    : STATE name dims?                                                   # stateDecl
    | ACTION name IN actionSet                                           # actionDecl
    | ACTION name dims? ':' REAL                                         # realActionDecl
    | PARAM name dims? paramInit?                                        # paramDecl
    | LET name '=' expr                                                  # letDecl
    | DEF name '(' name (',' name)* ')' '=' expr                         # defDecl
    | POLICY LOG? name '(' name '|' name ')' '=' expr                    # policyDecl
    | MDP name '{' mdpItem* '}'             # mdpDecl
    | ENV name ('(' (namedNumber (',' namedNumber)*)? ')')?              # builtinEnvDecl
    | ENV name '{' envItem* '}'             # formulaEnvDecl
    | claimDecl                                                          # claimDeclaration
    | ESTIMATOR name '=' expr                                            # estimatorDecl
    | VALUE name '=' expr                                                # valueDecl
    ;

// An identity to be checked by `policygrad prove`: proved, refuted, or found to hold numerically.
claimDecl : CLAIM name ':' expr '=' expr ;

dims : ('[' INT ']')+ ;

paramInit
    : '=' expr                                                           # paramValue
    | '~' name '(' args? ')'                                             # paramDraw
    ;

actionSet
    : '{' name (',' name)* '}'                                           # namedActions
    | INT '..' INT                                                       # rangeActions
    | integerActions                                                     # integerActionSet
    ;

// {0, 1} or {-1, 0, 1}: integer actions; the action variable is the integer itself.
integerActions : '{' signedInt (',' signedInt)* '}' ;

signedInt : '-'? INT ;

namedNumber : name '=' signedNumber ;

signedNumber : '-'? number ;

number : INT | FLOAT ;

// ---------- finite MDPs ----------
mdpItem
    : GAMMA signedNumber                                                 # mdpGamma
    | HORIZON INT                                                        # mdpHorizon
    | START stateDistribution                                            # mdpStart
    | TERMINAL name (',' name)*                                          # mdpTerminal
    | OBSERVE name '=' vectorLiteral                                     # mdpObserve
    | name actionLabel '->' outcomes (REWARD reward)?                    # mdpTransition
    ;

// An action as an mdp line names it: a name, or an integer of an integer action set.
actionLabel : name | signedInt ;

// Where a transition goes, each outcome optionally with its own reward.
outcomes
    : name                                                               # certainOutcome
    | '{' outcome (',' outcome)* '}'                                     # mixedOutcome
    ;

outcome : name ':' signedNumber (REWARD reward)? ;

// A reward: a number, or drawn (normal(mean, std), uniform(low, high), {value: probability, ...}).
reward
    : signedNumber                                                       # fixedReward
    | name '(' signedNumber ',' signedNumber ')'                         # drawnReward
    | '{' weightedReward (',' weightedReward)* '}'                       # discreteReward
    ;

weightedReward : signedNumber ':' signedNumber ;

stateDistribution
    : name                                                               # certainState
    | '{' weightedState (',' weightedState)* '}'                         # mixedState
    ;

weightedState : name ':' signedNumber ;

vectorLiteral : '[' signedNumber (',' signedNumber)* ']' ;

// ---------- environments written as formulas ----------
envItem
    : GAMMA signedNumber                                                 # envGamma
    | HORIZON INT                                                        # envHorizon
    | START '=' expr                                                     # envStart
    | NEXT '=' expr                                                      # envNext
    | REWARD '=' expr                                                    # envReward
    | DONE '=' expr                                                      # envDone
    ;

// ---------- expressions ----------
expr
    : expr '[' expr ']'                                                  # indexExpr
    | <assoc=right> expr '^' expr                                        # powerExpr
    | '-' expr                                                           # negateExpr
    | expr '@' expr                                                      # matmulExpr
    | expr op=('*' | '/') expr                                           # mulExpr
    | expr op=('+' | '-') expr                                           # addExpr
    | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr               # compareExpr
    | NOT expr                                                           # notExpr
    | expr AND expr                                                      # andExpr
    | expr OR expr                                                       # orExpr
    | IF expr THEN expr ELSE expr                                        # ifExpr
    | SUM '(' name IN expr '..' expr ',' expr ')'                        # sumLoopExpr
    | name '(' args? ')'                                                 # callExpr
    | word=(STATE | ACTION) '(' args? ')'                                # episodeCallExpr
    | '[' expr (',' expr)* ']'                                           # vectorExpr
    | '(' expr ')'                                                       # parenExpr
    | number                                                             # numberExpr
    | name                                                               # nameExpr
    ;

args : arg (',' arg)* ;

arg : (name '=')? expr ;

// Words that are keywords only where they start a line of a block; elsewhere they are names.
name : ID | GAMMA | HORIZON | START | TERMINAL | OBSERVE | REWARD | NEXT | DONE | REAL | LOG | SUM | CLAIM | VALUE ;

// ---------- lexer ----------
STATE    : 'state' ;
ACTION   : 'action' ;
PARAM    : 'param' ;
LET      : 'let' ;
DEF      : 'def' ;
POLICY   : 'policy' ;
MDP      : 'mdp' ;
ENV      : 'env' ;
IN       : 'in' ;
IF       : 'if' ;
THEN     : 'then' ;
ELSE     : 'else' ;
AND      : 'and' ;
OR       : 'or' ;
NOT      : 'not' ;
GAMMA    : 'gamma' ;
HORIZON  : 'horizon' ;
START    : 'start' ;
TERMINAL : 'terminal' ;
OBSERVE  : 'observe' ;
REWARD   : 'reward' ;
NEXT     : 'next' ;
DONE     : 'done' ;
REAL     : 'real' ;
LOG      : 'log' ;
SUM      : 'sum' ;
CLAIM    : 'claim' ;
ESTIMATOR : 'estimator' ;
VALUE    : 'value' ;

INT   : [0-9]+ ;
FLOAT : [0-9]+ '.' [0-9]+ EXPONENT? | '.' [0-9]+ EXPONENT? | [0-9]+ EXPONENT ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
ID    : [a-zA-Z_] [a-zA-Z_0-9]* ;

// Every declaration and block item starts with a keyword or a state name, so line breaks carry no
// meaning: a formula may span lines freely.
COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\f\r\n]+ -> skip ;

ERROR_CHAR : . ;
