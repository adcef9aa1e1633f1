"""Domain actions. Each public function validates, changes state and commits; views stay thin."""
