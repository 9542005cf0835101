/**
 * The renderer-agnostic report view model. Every number is formatted here (templates only loop
 * and print); every string is plain text (templates escape it); charts are Vega-Lite specs that
 * the render step turns into static SVG.
 */

/** A Vega-Lite spec (kept loose: vega-lite's own TopLevelSpec type is very large). */
export type VegaLiteSpec = Record<string, unknown>;

export interface ChartView {
  /** Unique in the report; used as an HTML id. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows and how to read it. */
  readonly caption: string;
  readonly spec: VegaLiteSpec;
  /** A chart drawn without vega (hand-written, inert SVG, e.g. the heatmap): used instead of `spec`. */
  readonly svg?: string;
}

/** One table cell: the raw value (for sorting), its display text, its rank and the cells it is about. */
export interface ValueCell {
  readonly value: number | null;
  readonly display: string;
  /** Uncertainty shown beside the value, e.g. "± 0.41". */
  readonly ci: string;
  /** 1 = best in its column (by the metric's direction); null when not ranked. */
  readonly rank: number | null;
  readonly best: boolean;
  readonly cellIds: string[];
}

export interface ColumnView {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** ↑ (higher is better) or ↓ (lower is better), from the metric's declared direction. */
  readonly arrow: string;
  /** Initial sort direction of the column: best first. */
  readonly sortDir: 'asc' | 'desc';
}

export interface BadgeView {
  readonly text: string;
  /** CSS modifier, from a fixed set: completed, diverged, errored, timed-out, crashed, tied, baseline. */
  readonly kind: string;
  readonly title: string;
}

export interface LeaderboardRow {
  readonly rank: number | null;
  readonly cellId: string;
  readonly architecture: string;
  readonly optimizer: string;
  readonly seed: string;
  readonly state: string;
  readonly badges: BadgeView[];
  /** Why a cell did not complete (error message, timeout, …). */
  readonly note: string;
  /** Not significantly different from the best row (corrected resampled t-test). */
  readonly tied: boolean;
  /** A row from outside this run (a baseline), with its provenance. */
  readonly external: boolean;
  readonly provenance: string;
  /** What the cell column shows for external rows ("linear / adam / s1", "logreg"). */
  readonly label: string;
  /** External rows: what adding the model to the run's matrix changes (one line), or ''. */
  readonly contribution: string;
  readonly values: ValueCell[];
}

export interface TableView {
  readonly columns: ColumnView[];
  readonly rows: LeaderboardRow[];
  /** How ties were decided, what ± means, what is bold. */
  readonly notes: string[];
}

export interface IndexView {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly value: ValueCell;
  /** The same-recipe reference: the index over pairs that differ only in seed and random streams (a reference, not a ceiling). */
  readonly sameRecipe: string;
  /** The independence reference, when the index has one. */
  readonly reference: string;
  /** The index over the run's models plus the baselines' (absent without baselines). */
  readonly withBaselines?: ValueCell;
}

export interface GalleryItem {
  readonly index: number;
  readonly trueLabel: string;
  readonly trueClass: number;
  /** Data URL of a PNG thumbnail (image datasets). */
  readonly image: string | null;
  /** Feature values (tabular datasets). */
  readonly features: Array<{ name: string; value: string }>;
  /** What all the models answered, most common first: "Shirt × 12". */
  readonly answers: Array<{ label: string; count: number; classIndex: number }>;
  /** The same over the models kept when near-chance models are left out. */
  readonly answersKept: Array<{ label: string; count: number; classIndex: number }>;
  /** Failed by every model (false: only by every kept model, i.e. shown with near-chance models left out). */
  readonly inAll: boolean;
  /** Every model (every kept model) gives the same wrong answer: a label-error suspect. */
  readonly unanimous: boolean;
  readonly unanimousKept: boolean;
  /** Space-separated class indices of the wrong answers given (filters). */
  readonly wrong: string;
  readonly wrongKept: string;
  /** On the first page as the page opens. */
  readonly visible: boolean;
}

export interface GalleryView {
  readonly kind: 'image' | 'tabular';
  /** Examples every model gets wrong. */
  readonly total: number;
  readonly shown: number;
  readonly items: GalleryItem[];
  /** Feature column names (tabular). */
  readonly featureNames: string[];
  readonly note: string;
  readonly pageSize: number;
  readonly trueClasses: Array<{ value: string; label: string }>;
  readonly wrongAnswers: Array<{ value: string; label: string }>;
  /** Examples on which every model gives the same wrong answer, and the commonest true → answer pairs. */
  readonly suspects: number;
  readonly suspectPairs: Array<{ pair: string; count: number }>;
  /** The control to leave out near-chance models (null: none is near chance, or all are). */
  readonly nearChance: { count: number; label: string; total: number } | null;
}

export interface HomogenizationView {
  readonly models: number;
  readonly examples: number;
  readonly bootstrap: string;
  readonly indices: IndexView[];
  readonly charts: ChartView[];
  readonly gallery: GalleryView | null;
  readonly secondary: Array<{ label: string; value: string }>;
  readonly notes: string[];
  /** Header of the "with baselines" column of the indices table, or '' when there is none. */
  readonly withBaselines: string;
}

/** One baseline's diversity contribution to a dataset's matrix. */
export interface ContributionView {
  readonly baseline: string;
  /** Badge text and CSS modifier: 'external' or 'baseline'. */
  readonly kind: string;
  readonly provenance: string;
  readonly columns: Array<{ label: string; description: string }>;
  /** kind: 'matrix' (absolute values), 'whole' (all models added, with CI), 'model' (one model added). */
  readonly rows: Array<{ label: string; kind: string; accuracy: string; title: string; cells: Array<{ value: number | null; display: string; ci: string }> }>;
  /** What the bracketed interval is. */
  readonly ci: string;
}

export interface FoldRow {
  readonly fold: string;
  readonly cells: string[];
}

export interface ConfusionView {
  readonly classes: string[];
  /** rows[t].cells[p]: count and shade level 0..9 (the share of row t). */
  readonly rows: Array<{ label: string; total: number; cells: Array<{ count: number; level: number; diagonal: boolean }> }>;
}

export interface CellDetailsView {
  readonly cellId: string;
  readonly state: string;
  readonly summary: string;
  readonly lossChart: ChartView | null;
  readonly lossNote: string;
  readonly foldColumns: string[];
  readonly folds: FoldRow[];
  readonly confusion: ConfusionView | null;
}

/** Per class: the class table (all models) and the per-model accuracy grid. */
export interface PerClassView {
  readonly classes: Array<{
    label: string;
    n: string;
    meanAccuracy: string;
    range: string;
    allFail: string;
    independent: string;
    log2h: string;
    failedByAll: boolean;
    worst: boolean;
  }>;
  readonly classNames: string[];
  /** Rows of the grid: one per model (empty above PER_CLASS_MODEL_ROWS models); level 0..9 shades the accuracy. */
  readonly models: Array<{ label: string; cellId: string; cells: Array<{ display: string; level: number; title: string }> }>;
  readonly summary: string[];
  readonly note: string;
}

export interface DatasetView {
  readonly id: string;
  readonly type: string;
  /** Whether the heading shows the type beside the id (not when they are equal). */
  readonly typeShown: boolean;
  readonly source: string;
  readonly examples: string;
  readonly leaderboard: TableView;
  /** Recipe-level leaderboard (mean over seeds), the default view; null without an analysis. */
  readonly recipeBoard: RecipeBoardView | null;
  /** The computed one-line answer and compact headline view; null without an analysis. */
  readonly takeaway: TakeawayView | null;
  readonly homogenization: HomogenizationView | null;
  readonly homogenizationNote: string;
  /** Per-class accuracy and systemic failure (null without at least one completed cell). */
  readonly perClass: PerClassView | null;
  /** Diversity contribution of each baseline with models on this dataset. */
  readonly contributions: ContributionView[];
  readonly details: CellDetailsView[];
}

export interface AcrossDatasetsView {
  readonly datasets: number;
  readonly table: { columns: string[]; rows: Array<{ configuration: string; meanRank: ValueCell; ranks: string[] }> };
  readonly chart: ChartView | null;
  readonly notes: string[];
}

export interface HeaderView {
  readonly title: string;
  readonly suite: string;
  readonly description: string;
  readonly runId: string;
  readonly date: string;
  readonly protocol: string;
  /** The short list under the title. */
  readonly facts: Array<{ label: string; value: string }>;
  /** Everything about the environment (footer). */
  readonly environment: Array<{ label: string; value: string }>;
  readonly states: BadgeView[];
  /** Per dataset: the data and split it resolved to. */
  readonly data: Array<{ label: string; value: string }>;
  /** Missing cells or an unfinished run (null: complete). */
  readonly incomplete: IncompleteView | null;
}

export interface IncompleteView {
  readonly title: string;
  readonly lines: string[];
  /** Missing cell ids (the first few). */
  readonly missing: string[];
  /** Missing cells not listed. */
  readonly more: number;
}

export interface ReportView {
  readonly header: HeaderView;
  readonly datasets: DatasetView[];
  readonly across: AcrossDatasetsView | null;
  /** Baselines asked for and what could not be shown of them. */
  readonly baselines: { requested: string[]; notes: string[] };
  readonly generatedAt: string;
}

/** The recipe-level leaderboard (sections/recipe-board.ts). */
export interface RecipeRowView {
  readonly rank: number | null;
  readonly label: string;
  readonly recipe: string;
  readonly seeds: number;
  readonly accuracy: number | null;
  readonly display: string;
  readonly ci: string;
  readonly badge: BadgeView | null;
  /** "s1 81.2% · s2 80.9%" */
  readonly perSeed: string;
  readonly chance: boolean;
}

export interface RecipeBoardView {
  readonly rows: RecipeRowView[];
  readonly notes: string[];
  readonly warnings: string[];
}

/** The computed one-line answer and compact headline chips (sections/takeaway.ts). */
export interface TakeawayView {
  readonly sentence: string;
  readonly chips: Array<{ label: string; value: string; title: string }>;
}
